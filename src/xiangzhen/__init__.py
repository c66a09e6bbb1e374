"""乡镇治理工作台 — township governance workbench."""
