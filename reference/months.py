"""Calendar months: "12 months" of a service contract are twelve calendar months, not 360 days.

MR-SVC-1 (renewal). A month later is the same day of the next month at the same time of day;
a day the later month lacks becomes its last day (31 January + 1 month = 28 February, or 29
in a leap year), and the months after count from the original day, not the shortened one.
"""

from __future__ import annotations

import calendar
from datetime import datetime


def months_later(moment: datetime, months: int) -> datetime:
    """*moment* moved *months* calendar months on (back, if negative), keeping its time of day
    and timezone; the day is clipped to the length of the month it lands in."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
