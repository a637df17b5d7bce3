"""Component ids of the dashboard, in one place: layout, callbacks and tests use these, and the
browser-side callbacks (assets/*.js) get the ones they need from the `CLIENT_IDS` store, so no
id is typed twice."""

URL = "url"
CASE_SELECT = "case-select"
HEADER = "case-header"
NOTICE = "view-notice"
LANE_SELECT = "lane-select"
COLLAPSE_SELECT = "collapse-select"
RANGE_SLIDER = "day-range-slider"
DAY_FIRST = "day-first"
DAY_LAST = "day-last"
PRESETS = "day-presets"
PRESET = "day-preset"  # pattern-matching type of each preset button: {"type": PRESET, "index": i}
PRESET_STORE = "day-preset-store"
VIEW_STORE = "view-store"  # {"case": id, "days": [first, last]}: the range everything follows
HEADLINES = "headline-numbers"
CASE_DATA = "case-data"  # every event row and the per-day series of the case (events_panel)
TIMELINE = "timeline"
DAY_PANEL = "day-panel"
EVENT_GRID = "event-grid"
SELECTED_EVENT = "selected-event"
URL_WRITTEN = "url-written"  # the query string last written to the address bar
ERROR_ALERT = "error-alert"
EXPORT_FORMAT = "export-format"
EXPORT_SIZE = "export-size"
EXPORT_WIDTH = "export-width"
EXPORT_HEIGHT = "export-height"
EXPORT_SCALE = "export-scale"
EXPORT_LANES = "export-lanes"
EXPORT_TITLE = "export-title"
EXPORT_BUTTON = "export-button"
EXPORT_DOWNLOAD = "export-download"
EXPORT_STATUS = "export-status"
# The clinical insight section under the event table.
STEROID_FIGURE = "steroid-exposure-figure"
STEROID_SUMMARY = "steroid-exposure-summary"
STEROID_ASSUMPTIONS = "steroid-exposure-assumptions"
KEY_INTERVALS = "key-intervals"
INTERVAL_DAYS = "interval-days"  # pattern-matching type: {"type": INTERVAL_DAYS, "index": "A:B"}
GRADE_CHECK = "grade-check"
INTRATHECAL_FIGURE = "intrathecal-timing-figure"
INTRATHECAL_TABLE = "intrathecal-reports"
INSIGHT_WANTED = "insight-wanted"  # the view, once the timeline has painted it
INSIGHT_COURSE_WANTED = "insight-course-wanted"  # its case, when not the one drawn
INSIGHT_CASE = "insight-case"  # the case the course-wide insight was drawn for
INSIGHT_EXPORT = "insight-export"  # pattern-matching type: {"type": ..., "index": "name.fmt"}
INSIGHT_DOWNLOAD = "insight-download"
INSIGHT_EXPORT_STATUS = "insight-export-status"
NOTES_STORE = "notes-store"  # {case id: [notes]} in the browser's local storage
NOTES_SHOWN = "notes-shown"  # {"case": id, "notes": [...]}: the notes drawn on the figure now
NOTE_DAY = "note-day"
NOTE_LANE = "note-lane"
NOTE_TEXT = "note-text"
NOTE_ADD = "note-add"
NOTE_LIST = "note-list"
NOTE_DELETE = "note-delete"  # pattern-matching type: {"type": NOTE_DELETE, "index": i}
NOTE_SAVE = "note-save"
NOTE_STATUS = "note-status"
UPLOAD = "case-upload"
UPLOAD_LIMIT = "case-upload-limit"  # {"bytes": limit, "expected": text}: the browser checks size
UPLOAD_RECEIVED = "case-upload-received"  # {"name", "contents"}: a file within the size limit
UPLOADED = "uploaded-case"  # the uploaded case in the browser's session storage, or None
UPLOAD_STATUS = "case-upload-status"
UPLOAD_SAVE = "case-upload-save"
TEMPLATE_DOWNLOAD = "template-download"  # pattern-matching type: {"type": ..., "index": key}
TEMPLATE_FILE = "template-file"
# The presenter view (/present).
PRESENT_URL = "present-url"
PRESENT_GRAPH = "present-graph"
PRESENT_SIZE = "present-size"  # [width, height] the figure has on this screen
PRESENT_STEPS = "present-steps"  # [{label, days, caption, notes}]: what the arrow keys go through
# {"index": i or -1, "case": id, "days": [a, b], "lanes": [...] or None, "part": n, "parts": m}
PRESENT_STATE = "present-state"
PRESENT_URL_WRITTEN = "present-url-written"  # the query the address bar was last given
PRESENT_LINK = "present-link"  # on the case page: the presenter view of the view shown
PRESENT_BROWSER_NOTES = "present-browser-notes"  # the case page's notes store, as read here
PRESENT_NOTES_KEY = "present-notes-key"  # where the case page keeps its notes (NOTES_STORE)
PRESENT_BACK = "present-back"  # the link to the case page of the same view
PRESENT_PREV = "present-prev"
PRESENT_NEXT = "present-next"
PRESENT_LABEL = "present-label"
PRESENT_CAPTION = "present-caption"
PRESENT_NOTES = "present-notes"
CLIENT_IDS = "client-ids"  # the store that hands CLIENT_IDS_DATA to assets/timeline.js
#: The ids the browser-side callbacks look up or compare, by the name timeline.js uses.
CLIENT_IDS_DATA = {
    "timeline": TIMELINE,
    "rangeSlider": RANGE_SLIDER,
    "dayFirst": DAY_FIRST,
    "dayLast": DAY_LAST,
    "preset": PRESET,
    "eventGrid": EVENT_GRID,
}
# The cohort page (/cohort).
COHORT_URL = "cohort-url"
COHORT_OPEN = "cohort-open"  # a refreshing location: a click opens a case page
COHORT_ALIGN = "cohort-align"
COHORT_RANK = "cohort-rank"
COHORT_SUMMARY = "cohort-summary"
COHORT_FILTER = "cohort-filter"  # pattern-matching type: {"type": COHORT_FILTER, "index": key}
COHORT_NOTES = "cohort-notes"  # every note: the view's, then the library's
COHORT_LIBRARY_NOTES = "cohort-library-notes"  # folders missing, cases that fail validation
COHORT_FIGURE = "cohort-figure"
COHORT_GRID = "cohort-grid"
COHORT_VIEW_NOTES = "cohort-view-notes"  # notes on the cases the alignment and filter leave out
# every valid case for the browser, once per page (figures.cohort.browser_views)
COHORT_CASES = "cohort-cases"
COHORT_TOKEN = "cohort-token"  # the token of the cases the browser holds (a few bytes to send)
# the filter's cases under every alignment (figures.cohort.browser_views)
COHORT_VIEWS = "cohort-views"
COHORT_SHOWN = "cohort-shown"  # the view drawn now: the cases' token and the URL's query
COHORT_CAPTION = "cohort-caption"
COHORT_EXPORT_FORMAT = "cohort-export-format"
COHORT_EXPORT = "cohort-export"
COHORT_DOWNLOAD = "cohort-download"
COHORT_EXPORT_STATUS = "cohort-export-status"
