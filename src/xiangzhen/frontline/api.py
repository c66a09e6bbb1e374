from ninja import Router

router = Router(tags=["干部在一线"])
