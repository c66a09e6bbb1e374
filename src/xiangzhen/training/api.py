from ninja import Router

router = Router(tags=["群众教育培训"])
