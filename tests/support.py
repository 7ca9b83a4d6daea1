"""Test support: paths, a small hand-made catalogue and a scenario builder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAIN_SCENARIO = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"

SMALL_CSV = """\
id,name_sv,name_en,value_sek,unit,price_year,payer,kind,sector,agency,source,evidence
hvb,HVB-dygn,HVB day,4000,dygn,2024,municipality,resource,social_services,socialnämnd,test,assumption
visit,Besök,Visit,1000,besök,2024,region,resource,health,,test,assumption
sis,SiS-dygn,SiS day,12000,dygn,2024,municipality=0.667;state=0.333,resource,social_services,SiS,test,assumption
prison,Fängelsedygn,Prison day,3000,dygn,2024,state,resource,justice,Kriminalvården,test,assumption
bistand,Ekonomiskt bistånd,Social assistance,80000,hushållsår,2024,municipality,transfer,social_services,socialnämnd,test,assumption
sjukers,Sjukersättning,Disability pension,150000,år,2024,state,transfer,social_insurance,Försäkringskassan,test,assumption
prod,Produktionsvärde,Production value,600000,år,2024,society,production,production,,test,assumption
victim,Brottsoffer,Victim cost,50000,brott,2024,other,resource,crime_victims,,test,assumption
"""


def base_scenario(**changes: object) -> dict[str, object]:
    """A minimal scenario dict on the small catalogue (price year 2024, rate 5 %)."""
    data: dict[str, object] = {
        "name": "t",
        "start_age": 10,
        "horizon_years": 10,
        "start_year": 2025,
        "price_year": 2024,
        "discounting": {"rate": 0.05},
        "status_quo": {"episodes": []},
        "intervention": {},
    }
    data.update(changes)
    return data


def chromium() -> str | None:
    """A headless-capable Chromium/Chrome binary on PATH, or None."""
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot_gray(browser: str, html: Path, png: Path, profile: Path) -> Any:
    """Render ``html`` headless to ``png`` (1280 x 3000) and return it as a
    grey-level numpy array, for checks that the page is a real page."""
    import subprocess

    import numpy as np
    from PIL import Image

    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            "--window-size=1280,3000",
            html.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return np.asarray(Image.open(png).convert("L"), dtype=float)
