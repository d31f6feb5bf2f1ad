"""Read-side dashboards: pages' figures that read across stages (ledger, needs, plan, approval, coaching).

Nothing here writes; a stage package never imports this one, so a dashboard may read every stage without
tying them together.
"""
