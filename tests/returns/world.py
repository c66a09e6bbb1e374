"""The returns routes in the shared walks: reading and downloading are for any signed-in role, the viewer's
jurisdiction deciding which towns they may pick (a village cadre has none); adding a county's template is
gated by MANAGE_RETURN_TEMPLATES on its view."""

SIGNED_IN = "signed_in"

PAGE_ACCESS = {
    "returns:index": SIGNED_IN,
    "returns:download": SIGNED_IN,  # without parameters: back to the page with the reason
}
