"""Component ids of the dashboard, in one place: layout, callbacks, assets and tests use these."""

URL = "url"
CASE_SELECT = "case-select"
HEADER = "case-header"
NOTICE = "view-notice"
LANE_SELECT = "lane-select"
RANGE_SLIDER = "day-range-slider"
DAY_FIRST = "day-first"
DAY_LAST = "day-last"
PRESETS = "day-presets"
PRESET = "day-preset"  # pattern-matching type of each preset button: {"type": PRESET, "index": i}
PRESET_STORE = "day-preset-store"
VIEW_STORE = "view-store"  # {"case": id, "days": [first, last]}: the range everything follows
HEADLINES = "headline-numbers"
TIMELINE = "timeline"
DAY_PANEL = "day-panel"
EVENT_GRID = "event-grid"
SELECTED_EVENT = "selected-event"
URL_WRITTEN = "url-written"  # the query string last written to the address bar
ERROR_ALERT = "error-alert"
