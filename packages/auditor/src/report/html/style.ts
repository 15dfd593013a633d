/** The HTML report's one inline style (its hash is in the page's Content-Security-Policy). */
export const STYLE = `
:root{--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--alt:#f6f8fa;--critical:#8b0000;--high:#cf222e;--medium:#bc4c00;--low:#0969da;--info:#59636e;--ok:#1a7f37}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1400px;padding:1.5rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}h3{font-size:1rem;margin:1.25rem 0 .4rem}
.meta{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:var(--alt);font-weight:600}
th[data-sort]{cursor:pointer;user-select:none}
th[data-sort]::after{content:" \\2195";color:var(--muted)}
th[aria-sort=ascending]::after{content:" \\2191"}th[aria-sort=descending]::after{content:" \\2193"}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--alt);padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.25rem 0}
.tiles{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}
.tile{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:7.5rem}
.tile b{display:block;font-size:1.4rem}
.sev{display:inline-block;border-radius:3px;padding:0 .35rem;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.tile-critical b{color:var(--critical)}.tile-high b{color:var(--high)}.tile-medium b{color:var(--medium)}.tile-low b{color:var(--low)}
.verdict{font-weight:600}.v-denied{color:var(--high)}.v-partial,.v-unknown{color:var(--medium)}.v-allowed{color:var(--ok)}.v-not-required{color:var(--muted)}
.status-fail{color:var(--high);font-weight:600}.status-unknown{color:var(--medium);font-weight:600}.status-pass{color:var(--ok)}.status-skip{color:var(--muted)}
.banner{border:2px solid var(--high);background:#fff0ee;padding:.6rem .9rem;border-radius:6px;margin:1rem 0}
.changes{border:2px solid var(--low);background:#f0f6ff;padding:.6rem .9rem;border-radius:6px;margin:1rem 0}
.changes h2{margin-top:0}
.badge{border:1px solid var(--line);border-radius:10px;padding:0 .45rem;font-size:12px;margin-left:.3rem;white-space:nowrap}
.badge-new{border-color:var(--high);color:var(--high)}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
.controls label{display:flex;gap:.25rem;align-items:center}
button.expand{border:1px solid var(--line);background:var(--alt);border-radius:4px;cursor:pointer;width:1.8rem}
tr.detail>td{background:#fbfcfd;padding:.5rem 1rem}
.evidence li{margin:.15rem 0}
.kind{color:var(--muted);font-size:12px;text-transform:uppercase;margin-right:.3rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem}
figcaption{font-weight:600;margin-bottom:.25rem}
svg text{font:11px system-ui,sans-serif;fill:var(--fg)}
.legend{display:flex;flex-wrap:wrap;gap:.75rem;font-size:12px}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;vertical-align:-1px}
.muted{color:var(--muted)}
.cv{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.cv-ok{background:var(--ok)}.cv-blocked,.cv-bypass{background:var(--high)}.cv-unknown{background:var(--medium)}.cv-not-audited{background:var(--muted)}
#cluster-verdicts th[scope=row]{min-width:10rem}#cluster-verdicts td:nth-child(3){min-width:14rem}
ul.paths,ul.beyond,ul.examples{margin:.1rem 0;padding-left:1rem}
.breadth{display:inline-block;border:1px solid var(--line);border-radius:3px;padding:0 .3rem;font-size:11px;text-transform:uppercase}
.b-anything,.b-any-destination{border-color:var(--high);color:var(--high)}.b-any-port,.b-wildcard{border-color:var(--medium);color:var(--medium)}
.v-denied.neutral{color:var(--muted);font-weight:400}
h3.headline{font-size:1rem;margin:.25rem 0}
details.cluster{margin:.4rem 0}details.cluster>summary{cursor:pointer}
@media print{
  body{max-width:none;padding:0;font-size:11px}
  .controls,button.expand,#download-json{display:none}
  tr.detail.open-finding{display:table-row}
  tbody.finding{break-inside:avoid}
  figure,details.cluster{break-inside:avoid}
  a{color:inherit;text-decoration:none}
  .banner,.changes{border-width:1px}
}
`;
