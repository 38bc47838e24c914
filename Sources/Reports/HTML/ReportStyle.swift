/// The report's stylesheet, inlined so the file works offline: system fonts, tables that scroll
/// sideways on a phone, charts that scale to the page, and a print layout without controls.
enum ReportStyle {
    static let css = """
        :root { --ink: #1d2329; --muted: #5b6670; --line: #d8dde2; --panel: #f6f8fa; --accent: #0072B2; --best: #D55E00; }
        * { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
        main { max-width: 1200px; margin: 0 auto; padding: 20px 16px 48px; }
        header h1 { font-size: 1.6rem; margin: 0 0 4px; word-break: break-word; }
        header .subtitle { color: var(--muted); margin: 0 0 12px; }
        dl.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px 16px; margin: 0; }
        dl.facts div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
        dl.facts dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        dl.facts dd { margin: 2px 0 0; font-weight: 600; font-variant-numeric: tabular-nums; word-break: break-word; }
        nav.toc { margin: 14px 0 0; display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: .9rem; }
        nav.toc a { color: var(--accent); text-decoration: none; }
        section { margin-top: 32px; }
        h2 { font-size: 1.2rem; margin: 0 0 6px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        h3 { font-size: 1rem; margin: 18px 0 6px; word-break: break-word; }
        p.note { color: var(--muted); margin: 0 0 10px; font-size: .9rem; }
        .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; font-size: .85rem; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 9px; text-align: left; white-space: nowrap; border-bottom: 1px solid var(--line); }
        th { background: var(--panel); font-weight: 600; color: var(--muted); font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; }
        td.num, th.num { text-align: right; }
        td.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; }
        tr.best td { background: #fdf0e6; font-weight: 600; }
        tbody tr:last-child td { border-bottom: 0; }
        .figure { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        .chart { display: block; width: 100%; height: auto; max-width: 880px; margin: 0 auto; }
        .chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
        .chart text.tick { fill: var(--muted); font-size: 11px; }
        .chart text.title { font-weight: 600; font-size: 12px; }
        .chart text.halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; }
        .chart .grid { stroke: #eceff2; }
        .chart .axis { stroke: #8a949e; }
        .chart .curve { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
        .chart .curve[data-series="valid"], .chart .key.dashed { stroke-dasharray: 6 3; }
        .chart.focusing .curve, .chart.focusing .curve-end { opacity: .15; }
        .chart.focusing .focus { opacity: 1; }
        .chart.focusing .curve.focus { stroke-width: 2.8; }
        .chart .key { stroke: var(--ink); stroke-width: 1.6; }
        .chart .legend rect { fill: #fff; fill-opacity: .9; stroke: var(--line); }
        .chart .legend rect.scale { stroke: none; fill-opacity: 1; }
        .chart .pc-line { fill: none; stroke-width: 1.6; stroke-opacity: .85; }
        .chart .pc-line.best { stroke-width: 4; stroke-opacity: 1; }
        .chart .dot { fill: var(--accent); stroke: var(--accent); stroke-width: 1.5; fill-opacity: .85; }
        .chart .dot.estimated { fill: #fff; }
        .chart .dot.best { fill: var(--best); stroke: var(--best); }
        .chart .dot.estimated.best { fill: #fff; }
        .controls { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; margin: 8px 0 4px; font-size: .85rem; }
        .controls label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
        .controls button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); background: var(--panel); border-radius: 4px; cursor: pointer; }
        .swatch { display: inline-block; width: 14px; height: 4px; border-radius: 2px; }
        pre.spec { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto;
          font: .8rem/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        table.confusion { width: auto; }
        table.confusion th { text-transform: none; letter-spacing: 0; }
        td.heat { text-align: right; min-width: 3.5em; }
        footer { margin-top: 40px; color: var(--muted); font-size: .8rem; }
        @media (max-width: 600px) {
          body { font-size: 14px; } main { padding: 12px 10px 32px; } header h1 { font-size: 1.3rem; }
          .chart { min-width: 540px; }  /* below this the labels get too small: the figure scrolls instead */
        }
        @media print {
          body { font-size: 11pt; } main { max-width: none; padding: 0; }
          nav.toc, .controls { display: none; }
          section { break-before: page; } section:first-of-type { break-before: auto; }
          .scroll, .figure { overflow: visible; border: 0; } .chart { min-width: 0; } th, td { white-space: normal; }
          .chart, tr { break-inside: avoid; }
        }
        """
}
