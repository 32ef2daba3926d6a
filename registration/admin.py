"""Reference data is edited here by coordinators and admins; cases are worked in /app/."""

from django.contrib import admin

from registration import models


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "iso_code"]
    search_fields = ["name"]


@admin.register(models.Cercle)
class CercleAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(models.Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "cercle"]
    list_filter = ["cercle__region"]
    search_fields = ["name"]


class CourtDocumentRequirementInline(admin.TabularInline):
    model = models.CourtDocumentRequirement
    extra = 0


@admin.register(models.Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "seat", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["seat"]
    filter_horizontal = ["communes_served"]
    inlines = [CourtDocumentRequirementInline]


@admin.register(models.RegistryCentre)
class RegistryCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["commune"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]


@admin.register(models.DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "required_by_default"]


@admin.register(models.StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation"]
    list_filter = ["role", "organisation"]
    filter_horizontal = ["registry_centres"]


@admin.register(models.AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "case", "surface"]
    list_filter = ["surface"]
    list_select_related = ["user", "case"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
