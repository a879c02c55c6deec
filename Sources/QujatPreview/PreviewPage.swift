import Foundation

/// The preview's one HTML page. Plain HTML: the pages are `<img>` elements pointing at each
/// page's PNG, a problem is text; without JavaScript it reloads itself every few seconds
/// (`<noscript>` refresh). The script only refreshes sooner: it listens to `/events`, fetches
/// the page again when the generation changes, waits for the new images and swaps them in,
/// so the view keeps its scroll position and never flashes empty.
enum PreviewPage {
    static func html(_ state: PreviewState.Snapshot, caseName: String) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        let time = formatter.string(from: state.renderedAt)
        var status: String
        var content: String
        if let problem = state.problem {
            status = "<span class=\"bad\">problem</span> · tried at \(time) · the pages come back when it is fixed and saved"
            content = problemHTML(problem)
        } else if state.renders == 0 {
            status = "rendering…"
            content = "<main id=\"content\" data-state=\"waiting\"><p>Rendering \(escape(caseName))…</p></main>"
        } else {
            let count = state.pages.count
            status = "<span class=\"good\">\(escape(state.document))</span> · \(count) page\(count == 1 ? "" : "s")"
                + " · templates \(escape(String(state.templatesVersion.prefix(8))))"
                + " · rendered at \(time) in \(state.milliseconds) ms"
            content = pagesHTML(state)
        }
        return """
        <!DOCTYPE html>
        <html lang="kk">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(state.problem == nil ? "" : "⚠ ")\(escape(caseName)) — Qujat preview</title>
        <noscript><meta http-equiv="refresh" content="3"></noscript>
        <style>\(style)</style>
        </head>
        <body data-generation="\(state.generation)">
        <header><h1>Qujat preview: <code>\(escape(caseName))</code></h1>
        <p id="status">\(status)</p></header>
        \(content)
        <script>\(script)</script>
        </body>
        </html>

        """
    }

    static func pagesHTML(_ state: PreviewState.Snapshot) -> String {
        var html = "<main id=\"content\" data-state=\"pages\">\n"
        if !state.warnings.isEmpty {
            html += "<ul class=\"warnings\">" + state.warnings.map { "<li>warning: \(escape($0))</li>" }.joined() + "</ul>\n"
        }
        for (index, page) in state.pages.enumerated() {
            html += """
            <figure class="page"><img src="/pages/\(page.name)" width="\(page.width)" height="\(page.height)" \
            alt="page \(index + 1) of \(state.pages.count)"><figcaption>\(index + 1) / \(state.pages.count)</figcaption></figure>

            """
        }
        return html + "</main>"
    }

    static func problemHTML(_ problem: ProblemReport) -> String {
        var html = "<main id=\"content\" data-state=\"problem\">\n<section id=\"problem\" role=\"alert\"><h2>\(escape(problem.title))</h2>\n"
        for item in problem.items {
            html += "<article class=\"issue\">"
            if let place = item.place { html += "<p class=\"place\"><code>\(escape(place))</code></p>" }
            html += "<p class=\"message\">\(escape(item.message))</p>"
            if let excerpt = item.excerpt { html += "<pre class=\"excerpt\">\(escape(excerpt))</pre>" }
            html += "</article>\n"
        }
        return html + "</section>\n</main>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static let style = """
    body{margin:0;background:#e8e8e8;font:15px/1.4 system-ui,sans-serif;color:#222}
    header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.4em 1em;z-index:1}
    h1{font-size:1em;margin:0}#status{margin:.2em 0 0;color:#555}.good{color:#176117;font-weight:600}.bad{color:#a00;font-weight:600}
    main{padding:1em;display:flex;flex-direction:column;align-items:center;gap:1.2em}
    figure.page{margin:0;text-align:center}figure.page img{max-width:100%;height:auto;background:#fff;box-shadow:0 1px 5px rgba(0,0,0,.3)}
    figcaption{color:#666;font-size:.85em}
    #problem{background:#fff;border-left:6px solid #c00;padding:.5em 1.2em 1em;max-width:60em;width:100%;box-sizing:border-box}
    #problem h2{color:#a00;font-size:1.15em}.issue{margin:1em 0}.place{margin:0;font-weight:600}.message{margin:.2em 0}
    pre.excerpt{background:#f6f6f6;padding:.6em;overflow-x:auto;font:13px/1.35 'DejaVu Sans Mono',ui-monospace,monospace;tab-size:8}
    .warnings{background:#fff8d8;padding:.5em 2em;margin:0}
    """

    static let script = """
    (function () {
      if (!window.EventSource || !window.fetch || !window.DOMParser) return;
      var wanted = 0, busy = false;
      function shown() { return Number(document.body.dataset.generation); }
      function loaded(src) {
        return new Promise(function (done) { var image = new Image(); image.onload = image.onerror = done; image.src = src; });
      }
      async function update() {
        if (busy) return;
        busy = true;
        try {
          while (wanted > shown()) {
            var response = await fetch('/', {cache: 'no-store'});
            var next = new DOMParser().parseFromString(await response.text(), 'text/html');
            var generation = Number(next.body.dataset.generation);
            if (generation <= shown()) break;
            await Promise.all(Array.from(next.querySelectorAll('main img')).map(function (img) { return loaded(img.getAttribute('src')); }));
            ['status', 'content'].forEach(function (id) {
              document.getElementById(id).replaceWith(document.adoptNode(next.getElementById(id)));
            });
            document.title = next.title;
            document.body.dataset.generation = String(generation);
          }
        } catch (error) {
          console.log('preview: ' + error);
        }
        busy = false;
      }
      var events = new EventSource('/events');
      events.onmessage = function (event) { wanted = Number(event.data); update(); };
    })();
    """
}
