/*
 * Dash's renderer asks the server once for the page's layout and once for its callback graph,
 * and when either request fails at the network level (no answer at all, not an error status)
 * it logs "fetch error" with console.log and waits for ever: the page stays on "Loading...".
 * Such a failure happens when the server closes a connection the browser opened ahead of time
 * just as the browser sends its first request on it (gunicorn closes a connection that sent
 * nothing; a browser tries a request again only on a connection it had used before).
 * These two requests read and change nothing on the server, so they are simply tried again.
 */
(function () {
    "use strict";

    var RETRIED = /\/_dash-(layout|dependencies)(\?|$)/;
    var TRIES = 4;
    var PAUSE_MS = 250;
    var original = window.fetch.bind(window);

    window.fetch = function (input, init) {
        var url = typeof input === "string" ? input : input.url;
        var method = ((init && init.method) || "GET").toUpperCase();
        if (method !== "GET" || !RETRIED.test(url)) { return original(input, init); }
        var attempt = function (tried) {
            return original(input, init).catch(function (error) {
                if (tried >= TRIES) { throw error; }
                return new Promise(function (resolve) {
                    window.setTimeout(resolve, PAUSE_MS * tried);
                }).then(function () { return attempt(tried + 1); });
            });
        };
        return attempt(1);
    };
}());
