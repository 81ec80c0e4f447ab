"""The admin for organisers and admins: petitions, signatures, deliveries.

Organisers see only their campaigns' objects (`campaigns.roles.CampaignScopedAdminMixin`), in
lists, change pages, exports and imports alike.
"""

from petitions.admin import delivery, petition, signature  # noqa: F401
