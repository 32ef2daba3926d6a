app_name = "docgen"

urlpatterns: list = []
