/// The report's scripts, inlined and dependency-free.
enum ReportScript {
    /// Runs first, in `<head>`: counts script errors and `console.error` calls into the root
    /// element's `data-errors`, so a headless browser's DOM dump shows whether the page broke.
    static let errorRecorder = """
        (function () {
          var root = document.documentElement, count = 0;
          function record() { count += 1; root.setAttribute('data-errors', String(count)); }
          window.addEventListener('error', record);
          window.addEventListener('unhandledrejection', record);
          var original = console.error;
          console.error = function () { record(); return original.apply(console, arguments); };
        })();
        """

    /// Runs last: one checkbox per run shows or hides its curves and their end dots (pointing at one brings them
    /// forward, as colours repeat after seven runs), "all" and "none" set every box.
    /// Then it applies the boxes' state (a reload may restore them) and records in `data-curve-runs`,
    /// `data-curves` and `data-visible-curves` what the chart holds, for the browser test.
    static let controls = """
        (function () {
          var root = document.documentElement;
          var curves = Array.prototype.slice.call(document.querySelectorAll('path.curve'));
          var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-run-toggle]'));
          var chart = curves.length ? curves[0].ownerSVGElement : null;
          var marks = chart ? Array.prototype.slice.call(chart.querySelectorAll('[data-run]')) : [];
          function show(run, visible) {
            marks.forEach(function (mark) {
              if (mark.getAttribute('data-run') === run) { mark.style.display = visible ? '' : 'none'; }
            });
          }
          function focus(run) {
            marks.forEach(function (mark) { mark.classList.toggle('focus', mark.getAttribute('data-run') === run); });
            if (chart) { chart.classList.toggle('focusing', run !== null); }
          }
          boxes.forEach(function (box) {
            var run = box.getAttribute('data-run-toggle'), label = box.parentNode;
            box.addEventListener('change', function () { show(run, box.checked); });
            label.addEventListener('mouseenter', function () { focus(run); });
            label.addEventListener('mouseleave', function () { focus(null); });
            show(run, box.checked);
          });
          Array.prototype.forEach.call(document.querySelectorAll('button[data-toggle-all]'), function (button) {
            button.addEventListener('click', function () {
              var on = button.getAttribute('data-toggle-all') === 'all';
              boxes.forEach(function (box) { box.checked = on; show(box.getAttribute('data-run-toggle'), on); });
            });
          });
          var runs = {};
          curves.forEach(function (curve) { runs[curve.getAttribute('data-run')] = true; });
          root.setAttribute('data-curve-runs', String(Object.keys(runs).length));
          root.setAttribute('data-curves', String(curves.length));
          root.setAttribute('data-visible-curves', String(curves.filter(function (curve) { return curve.style.display !== 'none'; }).length));
          root.setAttribute('data-ready', 'true');
        })();
        """
}
