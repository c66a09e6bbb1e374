from ninja import Router

router = Router(tags=["村集体三资"])
