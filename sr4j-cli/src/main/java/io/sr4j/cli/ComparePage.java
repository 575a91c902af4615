package io.sr4j.cli;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The self-contained HTML of {@code sr4j compare}: images embedded as data URIs, a before/after
 * slider between two chosen images, and zoom (wheel) and pan (drag) applied to both at once. No
 * external scripts, styles or fonts. Every image is drawn at the size of the largest one, so a
 * low-resolution input lines up with its enlargement; zoomed in, pixels stay square
 * ({@code image-rendering: pixelated}).
 */
final class ComparePage {
    /** One image: the name shown, its pixel size, its MIME type and encoded bytes. */
    record Entry(String name, int width, int height, String mime, byte[] bytes) {
    }

    private ComparePage() {
    }

    static String html(List<Entry> entries) {
        int displayW = entries.stream().mapToInt(Entry::width).max().orElse(1);
        int displayH = entries.stream().mapToInt(Entry::height).max().orElse(1);
        StringBuilder options = new StringBuilder();
        StringBuilder images = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String label = escape(e.name()) + " (" + e.width() + "x" + e.height() + ")";
            options.append("<option value=\"").append(i).append("\">").append(label).append("</option>");
            images.append("<img id=\"img").append(i).append("\" class=\"layer\" alt=\"").append(escape(e.name()))
                    .append("\" data-name=\"").append(label).append("\" src=\"data:").append(e.mime())
                    .append(";base64,").append(Base64.getEncoder().encodeToString(e.bytes())).append("\">\n");
        }
        return TEMPLATE.replace("%W%", Integer.toString(displayW)).replace("%H%", Integer.toString(displayH))
                .replace("%OPTIONS%", options.toString()).replace("%IMAGES%", images.toString())
                .replace("%COUNT%", Integer.toString(entries.size()));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** MIME type of an image a browser shows, by extension; null when the image must be converted. */
    static String browserMime(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            return "image/png";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (n.endsWith(".webp")) {
            return "image/webp";
        }
        if (n.endsWith(".gif")) {
            return "image/gif";
        }
        return null;
    }

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>sr4j compare</title>
            <style>
            body { margin: 0; font: 14px sans-serif; background: #222; color: #eee; }
            header { padding: 8px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
            #view { position: relative; overflow: hidden; width: min(100vw, %W%px);
              aspect-ratio: %W% / %H%; margin: 0 auto; cursor: grab; background: #000; }
            #stage { position: absolute; left: 0; top: 0; width: 100%; height: 100%; transform-origin: 0 0; }
            .layer { position: absolute; left: 0; top: 0; width: 100%; height: 100%; display: none;
              object-fit: fill; }
            .zoomed .layer { image-rendering: pixelated; }
            #divider { position: absolute; top: 0; bottom: 0; width: 2px; background: #fff; pointer-events: none; }
            .tag { position: absolute; top: 4px; padding: 2px 6px; background: rgba(0,0,0,.6); pointer-events: none; }
            </style></head>
            <body>
            <header>
            <label>left <select id="left">%OPTIONS%</select></label>
            <label>right <select id="right">%OPTIONS%</select></label>
            <label>slider <input id="slider" type="range" min="0" max="100" value="50"></label>
            <span>wheel: zoom, drag: pan, double-click: reset</span>
            </header>
            <div id="view"><div id="stage">
            %IMAGES%</div><div id="divider"></div><div id="tagL" class="tag" style="left:4px"></div>
            <div id="tagR" class="tag" style="right:4px"></div></div>
            <script>
            (function () {
              var count = %COUNT%, view = document.getElementById('view'), stage = document.getElementById('stage');
              var left = document.getElementById('left'), right = document.getElementById('right');
              var slider = document.getElementById('slider'), divider = document.getElementById('divider');
              var zoom = 1, x = 0, y = 0, drag = null;
              right.value = count > 1 ? '1' : '0';
              function img(i) { return document.getElementById('img' + i); }
              function draw() {
                for (var i = 0; i < count; i++) { img(i).style.display = 'none'; img(i).style.clipPath = ''; }
                var a = img(left.value), b = img(right.value), p = slider.value;
                a.style.display = 'block'; b.style.display = 'block';
                if (a !== b) { b.style.clipPath = 'inset(0 0 0 ' + p + '%)'; }
                a.style.zIndex = 1; b.style.zIndex = 2;
                divider.style.left = p + '%';
                document.getElementById('tagL').textContent = a.dataset.name;
                document.getElementById('tagR').textContent = b.dataset.name;
                stage.style.transform = 'translate(' + x + 'px,' + y + 'px) scale(' + zoom + ')';
                view.classList.toggle('zoomed', zoom > 1);
              }
              view.addEventListener('wheel', function (e) {
                e.preventDefault();
                var r = view.getBoundingClientRect(), mx = e.clientX - r.left, my = e.clientY - r.top;
                var z = Math.min(64, Math.max(1, zoom * (e.deltaY < 0 ? 1.25 : 0.8)));
                x = mx - (mx - x) * z / zoom; y = my - (my - y) * z / zoom; zoom = z;
                if (zoom === 1) { x = 0; y = 0; }
                draw();
              }, { passive: false });
              view.addEventListener('mousedown', function (e) { drag = [e.clientX - x, e.clientY - y]; });
              window.addEventListener('mouseup', function () { drag = null; });
              window.addEventListener('mousemove', function (e) {
                if (drag) { x = e.clientX - drag[0]; y = e.clientY - drag[1]; draw(); }
              });
              view.addEventListener('dblclick', function () { zoom = 1; x = 0; y = 0; draw(); });
              [left, right, slider].forEach(function (el) { el.addEventListener('input', draw); });
              draw();
            })();
            </script>
            </body></html>
            """;
}
