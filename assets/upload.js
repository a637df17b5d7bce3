/*
 * The upload area's size check, in the browser: a file over the limit is refused with the
 * same message the server gives, and is never sent. The server checks again (and Flask
 * refuses any request far over the limit), so this only spares a person the wait.
 */
(function () {
    "use strict";

    var noUpdate = function () { return window.dash_clientside.no_update; };

    /* The size of the file in a "data:<type>;base64,<payload>" string, without decoding it. */
    function decodedSize(contents) {
        var payload = contents.slice(contents.indexOf(",") + 1);
        var padding = (payload.slice(-2).match(/=/g) || []).length;
        return Math.floor(payload.length * 3 / 4) - padding;
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.upload = {
        checkSize: function (contents, filename, limit) {
            if (!contents) { return [noUpdate(), noUpdate()]; }
            var size = decodedSize(contents);
            if (size > limit.bytes) {
                var found = (size / 1e6).toFixed(1) + " MB";
                return [noUpdate(), filename + ": found '" + found + "'; expected " + limit.expected];
            }
            return [{ name: filename, contents: contents }, "Reading " + filename + " ..."];
        }
    };
}());
