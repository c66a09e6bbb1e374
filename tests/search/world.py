"""The search routes in the shared walks (role matrix, phone layout): the page and the API, for anyone
signed in; what each role finds is narrowed by the menu's roles and the jurisdiction (tests/search)."""

SIGNED_IN = "signed_in"

PAGE_ACCESS = {"search:results": SIGNED_IN}
API_ACCESS = {("GET", "/api/v1/search"): SIGNED_IN}
