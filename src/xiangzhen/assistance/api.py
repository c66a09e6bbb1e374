from ninja import Router

router = Router(tags=["防返贫监测帮扶"])
