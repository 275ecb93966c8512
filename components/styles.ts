/**
 * The sidebar's whole stylesheet, as a string that mountSidebar puts in a <style> in the sidebar
 * frame's page (a string rather than a `.css?inline` import so the same value works in the WXT
 * build and in vitest without a CSS pipeline).
 *
 * The colours are data (PALETTE) so a unit test can hold every text/background pair to WCAG AA
 * in both themes; axe-core checks the rendered result again end to end.
 */

export type Theme = 'light' | 'dark';

export const PALETTE = {
  light: {
    bg: '#ffffff',
    surface: '#f5f6f8',
    border: '#c9ced6',
    text: '#1b1f24',
    muted: '#525b66',
    accent: '#0b57b0',
    onAccent: '#ffffff',
    focus: '#0b57b0',
    ok: '#11652f',
    okBg: '#e3f2e8',
    warn: '#7a4300',
    warnBg: '#fff1d9',
    danger: '#a8231c',
    dangerBg: '#fdeceb',
    info: '#0b57b0',
    infoBg: '#e8f0fb',
    skeleton: '#e4e7ec',
  },
  dark: {
    bg: '#17191e',
    surface: '#20242b',
    border: '#3f4550',
    text: '#e8eaed',
    muted: '#a9b1bc',
    accent: '#8cbcff',
    onAccent: '#0d1117',
    focus: '#8cbcff',
    ok: '#7fd69a',
    okBg: '#15301f',
    warn: '#f3bb62',
    warnBg: '#362812',
    danger: '#ff9a92',
    dangerBg: '#3b1a18',
    info: '#8cbcff',
    infoBg: '#172a44',
    skeleton: '#2b3038',
  },
} as const satisfies Record<Theme, Record<string, string>>;

type Token = keyof (typeof PALETTE)['light'];

/** Every foreground/background pair the stylesheet uses for text, for the contrast test. */
export const TEXT_PAIRS: [Token, Token][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['accent', 'bg'],
  ['accent', 'surface'],
  ['onAccent', 'accent'],
  ['ok', 'okBg'],
  ['ok', 'bg'],
  ['warn', 'warnBg'],
  ['warn', 'bg'],
  ['danger', 'dangerBg'],
  ['danger', 'bg'],
  ['danger', 'surface'],
  ['warn', 'surface'],
  ['ok', 'surface'],
  ['info', 'infoBg'],
  ['text', 'okBg'],
  ['text', 'warnBg'],
  ['text', 'dangerBg'],
  ['text', 'infoBg'],
  ['muted', 'infoBg'],
  ['muted', 'okBg'],
  ['muted', 'warnBg'],
  ['muted', 'dangerBg'],
];

/** Non-text pairs (focus ring, borders of controls) need 3:1 (WCAG 1.4.11). */
export const UI_PAIRS: [Token, Token][] = [
  ['focus', 'bg'],
  ['focus', 'surface'],
];

function vars(theme: Theme): string {
  return Object.entries(PALETTE[theme])
    .map(([name, value]) => `--ll-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${value};`)
    .join('');
}

export const SIDEBAR_WIDTH = 352;

export const sidebarStyles = /* css */ `
:host{all:initial;}
.ll-root{${vars('light')}color-scheme:light;}
.ll-root[data-theme="dark"]{${vars('dark')}color-scheme:dark;}
.ll-root,.ll-root *,.ll-root *::before,.ll-root *::after{box-sizing:border-box;}
.ll-root{
  position:fixed;top:0;right:0;bottom:0;z-index:2147483000;
  width:var(--ll-width,${SIDEBAR_WIDTH}px);max-width:100vw;
  display:flex;flex-direction:column;
  background:var(--ll-bg);color:var(--ll-text);
  border-left:1px solid var(--ll-border);box-shadow:-2px 0 12px rgba(0,0,0,.12);
  font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  text-align:start;letter-spacing:normal;word-spacing:normal;text-transform:none;
  overflow:hidden;
}
.ll-root[data-collapsed]{
  top:40%;bottom:auto;width:auto;height:auto;background:transparent;border:0;box-shadow:none;overflow:visible;
}
.ll-root :where(h1,h2,h3,h4,p,ul,ol,li,dl,dt,dd,figure,fieldset,legend){margin:0;padding:0;border:0;}
.ll-root :where(ul,ol){list-style:none;}
.ll-root :where(button,input,select,textarea){font:inherit;color:inherit;letter-spacing:inherit;margin:0;}
.ll-root :where(svg){display:block;}
.ll-root [hidden]{display:none !important;}
.ll-root a{color:var(--ll-accent);text-decoration:underline;text-underline-offset:2px;}
.ll-root :focus{outline:none;}
.ll-root :focus-visible{outline:2px solid var(--ll-focus);outline-offset:2px;border-radius:3px;}
.ll-text{overflow-wrap:anywhere;word-break:normal;min-width:0;}
.ll-clip{display:block;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;}
/* Clamped text stays whole in the DOM (screen readers, search, copy); only the view is cut. */
.ll-clamp,.ll-clamp-4{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2;overflow:hidden;overflow-wrap:anywhere;min-width:0;}
.ll-clamp-4{-webkit-line-clamp:4;line-clamp:4;}
.ll-sr{position:absolute !important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0;}
.ll-muted{color:var(--ll-muted);}
.ll-small{font-size:12px;}

/* shell */
.ll-bar{display:flex;align-items:center;gap:8px;padding:6px 8px 6px 12px;border-bottom:1px solid var(--ll-border);background:var(--ll-surface);flex:none;}
.ll-brand{font-weight:700;font-size:13px;letter-spacing:.02em;flex:1;min-width:0;}
.ll-body{flex:1;min-height:0;overflow-y:auto;overflow-x:hidden;overscroll-behavior:contain;}
.ll-foot{flex:none;border-top:1px solid var(--ll-border);background:var(--ll-surface);padding:8px 12px;max-height:55%;overflow-y:auto;}
.ll-tab{
  display:flex;flex-direction:column;align-items:center;gap:6px;
  width:28px;min-height:96px;padding:8px 0;
  background:var(--ll-accent);color:var(--ll-on-accent);
  border:0;border-radius:8px 0 0 8px;cursor:pointer;box-shadow:-1px 1px 6px rgba(0,0,0,.25);
  font-weight:700;font-size:12px;
}
.ll-tab-label{writing-mode:vertical-rl;transform:rotate(180deg);}
.ll-tab-hint{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:600;background:var(--ll-bg);color:var(--ll-danger);border-radius:4px;padding:4px 1px;}
.ll-root .ll-tab:focus-visible{outline-offset:-4px;outline-color:var(--ll-on-accent);}

/* building blocks */
.ll-section{padding:10px 12px;border-bottom:1px solid var(--ll-border);min-width:0;}
.ll-h{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.06em;color:var(--ll-muted);margin-bottom:6px;display:flex;align-items:center;gap:6px;}
.ll-h > .ll-grow{flex:1;}
.ll-row{display:flex;align-items:center;gap:6px;flex-wrap:wrap;min-width:0;}
.ll-spread{display:flex;align-items:center;justify-content:space-between;gap:8px;min-width:0;}
.ll-grow{flex:1;min-width:0;}
.ll-btn{
  display:inline-flex;align-items:center;justify-content:center;gap:4px;
  min-height:26px;padding:2px 9px;border:1px solid var(--ll-border);border-radius:6px;
  background:var(--ll-bg);color:var(--ll-text);cursor:pointer;font-size:12px;font-weight:600;line-height:1.2;
  max-width:100%;text-align:center;
}
.ll-btn:hover{border-color:var(--ll-accent);}
.ll-btn[disabled]{cursor:default;opacity:1;color:var(--ll-muted);}
.ll-btn[aria-pressed="true"],.ll-btn[aria-expanded="true"]:not(.ll-btn--quiet){background:var(--ll-info-bg);border-color:var(--ll-accent);color:var(--ll-text);}
.ll-btn--primary{background:var(--ll-accent);border-color:var(--ll-accent);color:var(--ll-on-accent);}
.ll-btn--primary:hover{filter:brightness(1.08);}
.ll-btn--quiet{border-color:transparent;background:transparent;color:var(--ll-accent);padding:2px 6px;}
.ll-btn--icon{min-width:26px;padding:2px 6px;}
.ll-chip{display:inline-flex;align-items:center;gap:4px;max-width:100%;min-width:0;padding:1px 7px;border:1px solid var(--ll-border);border-radius:999px;background:var(--ll-surface);font-size:12px;}
.ll-chip > .ll-text{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;}
.ll-badge{display:inline-block;padding:0 6px;border-radius:4px;font-size:11px;font-weight:600;line-height:18px;white-space:nowrap;background:var(--ll-surface);color:var(--ll-muted);border:1px solid var(--ll-border);}
.ll-badge--ok{background:var(--ll-ok-bg);color:var(--ll-ok);border-color:transparent;}
.ll-badge--warn{background:var(--ll-warn-bg);color:var(--ll-warn);border-color:transparent;}
.ll-badge--danger{background:var(--ll-danger-bg);color:var(--ll-danger);border-color:transparent;}
.ll-badge--info{background:var(--ll-info-bg);color:var(--ll-info);border-color:transparent;}
.ll-input,.ll-select,.ll-textarea{
  width:100%;min-width:0;min-height:28px;padding:3px 7px;border:1px solid var(--ll-border);border-radius:6px;background:var(--ll-bg);color:var(--ll-text);font-size:12px;
}
.ll-textarea{resize:vertical;min-height:44px;}
.ll-root ::placeholder{color:var(--ll-muted);opacity:1;}
.ll-input[aria-invalid="true"]{border-color:var(--ll-danger);}
.ll-field{display:flex;flex-direction:column;gap:2px;min-width:0;}
.ll-label{font-size:12px;font-weight:600;}
.ll-error{color:var(--ll-danger);font-size:12px;}
.ll-notice{padding:8px 10px;border-radius:6px;border:1px solid var(--ll-border);background:var(--ll-surface);display:flex;flex-direction:column;gap:6px;}
.ll-notice--row{flex-direction:row;align-items:flex-start;flex-wrap:wrap;}
.ll-notice--row > p{flex:1 1 200px;min-width:0;}
.ll-notice--warn{background:var(--ll-warn-bg);border-color:transparent;}
.ll-notice--danger{background:var(--ll-danger-bg);border-color:transparent;}
.ll-notice--info{background:var(--ll-info-bg);border-color:transparent;}
.ll-banners{display:flex;flex-direction:column;gap:6px;padding:8px 12px 0;}
.ll-banners:empty{display:none;}

/* tooltips: shown on hover and keyboard focus, dismissed with Escape (WCAG 1.4.13) */
.ll-tiprow{position:relative;}
.ll-tip{display:inline-flex;min-width:0;max-width:100%;}
.ll-btn--bare{background:none;border:0;padding:0;margin:0;color:inherit;font:inherit;text-align:start;min-width:0;max-width:100%;}
.ll-tip-trigger{cursor:help;border-bottom:1px dotted var(--ll-muted);display:inline-flex;align-items:center;gap:4px;}
/* A chip with a definition: dotted outline says "there is more here". */
.ll-tip-trigger.ll-chip{border:1px dotted var(--ll-muted);background:var(--ll-surface);padding:1px 7px;border-radius:999px;}
.ll-tip-bubble{
  display:none;position:absolute;left:0;right:0;top:calc(100% + 4px);z-index:5;
  padding:8px 10px;border-radius:6px;border:1px solid var(--ll-border);
  background:var(--ll-bg);color:var(--ll-text);box-shadow:0 4px 14px rgba(0,0,0,.18);
  font-size:12px;font-weight:400;text-transform:none;letter-spacing:normal;white-space:normal;overflow-wrap:anywhere;
}
.ll-tip:hover > .ll-tip-bubble,.ll-tip:focus-within > .ll-tip-bubble,.ll-tip[data-pinned] > .ll-tip-bubble{display:block;}
.ll-tip[data-dismissed] > .ll-tip-bubble{display:none;}
.ll-tip-bubble ul{display:flex;flex-direction:column;gap:2px;}

/* header */
.ll-lead{display:flex;flex-direction:column;gap:6px;}
.ll-name{font-size:16px;font-weight:700;line-height:1.25;}
.ll-facts{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;font-size:12px;}
.ll-facts dt{color:var(--ll-muted);}
.ll-facts dd{min-width:0;}
.ll-delta-up{color:var(--ll-ok);font-weight:600;}
.ll-delta-down{color:var(--ll-danger);font-weight:600;}

/* SLA clock: the loudest thing on screen while it runs */
.ll-clock{border-radius:8px;padding:10px 12px;border-left:5px solid var(--ll-border);background:var(--ll-surface);display:flex;flex-direction:column;gap:4px;}
.ll-clock-main{font-size:18px;font-weight:750;line-height:1.2;}
.ll-clock[data-state="running"]{background:var(--ll-ok-bg);border-left-color:var(--ll-ok);}
.ll-clock[data-state="running"] .ll-clock-state{color:var(--ll-ok);}
.ll-clock[data-state="due-soon"]{background:var(--ll-warn-bg);border-left-color:var(--ll-warn);}
.ll-clock[data-state="due-soon"] .ll-clock-state{color:var(--ll-warn);}
.ll-clock[data-state="overdue"]{background:var(--ll-danger-bg);border-left-color:var(--ll-danger);}
.ll-clock[data-state="overdue"] .ll-clock-state{color:var(--ll-danger);}
.ll-clock[data-state="stopped"] .ll-clock-main{font-size:14px;}
.ll-clock-state{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.06em;}
.ll-meter{height:6px;border-radius:3px;background:var(--ll-bg);overflow:hidden;border:1px solid var(--ll-border);}
.ll-meter > span{display:block;height:100%;background:currentColor;}

/* signals */
.ll-signals{display:flex;flex-direction:column;gap:4px;}
.ll-signal{width:100%;justify-content:flex-start;text-align:start;font-weight:500;padding:4px 8px;gap:8px;}
.ll-dot{flex:none;width:8px;height:8px;border-radius:50%;background:var(--ll-muted);}
.ll-dot--high{background:var(--ll-danger);}
.ll-dot--medium{background:var(--ll-warn);}
.ll-strength{margin-inline-start:auto;flex:none;font-size:11px;color:var(--ll-muted);font-weight:600;}

/* score + sparkline */
.ll-score{display:flex;align-items:baseline;gap:8px;}
.ll-score-value{font-size:22px;font-weight:750;line-height:1;}
.ll-score[data-label="hot"] .ll-score-label{color:var(--ll-danger);}
.ll-score[data-label="warm"] .ll-score-label{color:var(--ll-warn);}
.ll-score[data-label="cold"] .ll-score-label{color:var(--ll-info);}
.ll-score-label{font-weight:700;text-transform:capitalize;}
.ll-spark{width:100%;height:32px;color:var(--ll-accent);margin-top:6px;}

/* campaigns */
.ll-campaigns{display:flex;flex-direction:column;gap:6px;}
.ll-campaign{display:flex;flex-direction:column;gap:1px;min-width:0;}
.ll-campaign-name{font-weight:600;}

/* outcomes */
.ll-outcomes{display:flex;flex-wrap:wrap;gap:4px;}
.ll-outcome-form{display:flex;flex-direction:column;gap:6px;margin-top:8px;}
.ll-status{margin-top:8px;display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:12px;}
.ll-history{display:flex;flex-direction:column;gap:8px;}
.ll-history li{display:flex;flex-direction:column;gap:2px;min-width:0;}
.ll-superseded .ll-outcome-kind{text-decoration:line-through;color:var(--ll-muted);}
.ll-note{white-space:pre-wrap;overflow-wrap:anywhere;}

/* people */
.ll-people{display:flex;gap:4px;overflow-x:auto;padding:6px 12px;border-bottom:1px solid var(--ll-border);}
.ll-person{flex:none;max-width:160px;}
.ll-person > .ll-text{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;}

/* timeline */
.ll-tools{display:flex;flex-direction:column;gap:6px;margin-bottom:8px;}
.ll-day{position:sticky;top:0;z-index:1;background:var(--ll-bg);font-size:11px;font-weight:700;color:var(--ll-muted);padding:4px 0;text-transform:uppercase;letter-spacing:.05em;}
.ll-items{display:flex;flex-direction:column;}
.ll-item{display:grid;grid-template-columns:52px 1fr;gap:8px;padding:5px 0;border-top:1px solid var(--ll-surface);min-width:0;}
.ll-item-time{color:var(--ll-muted);font-size:11px;padding-top:1px;font-variant-numeric:tabular-nums;}
.ll-item-body{display:flex;flex-direction:column;gap:1px;min-width:0;}
.ll-item-kind{font-size:11px;font-weight:700;color:var(--ll-muted);}
.ll-item[data-machine] .ll-item-title{color:var(--ll-muted);}
.ll-more{margin-top:8px;width:100%;}

/* states */
.ll-state{padding:16px 12px;display:flex;flex-direction:column;gap:10px;}
.ll-state-title{font-size:15px;font-weight:700;}
.ll-matches{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px;}
.ll-match{display:flex;gap:8px;align-items:center;justify-content:space-between;padding:8px;border:1px solid var(--ll-border);border-radius:6px;}
.ll-match-who{display:flex;flex-direction:column;gap:1px;min-width:0;}
.ll-match > .ll-btn{flex:none;white-space:nowrap;}
.ll-match-name{font-weight:700;}
.ll-match-email{overflow-wrap:anywhere;}
.ll-skel{display:block;border-radius:4px;background:var(--ll-skeleton);height:12px;}
.ll-skel--title{height:18px;width:60%;}
.ll-skel--block{height:64px;}
@media (prefers-reduced-motion:no-preference){
  .ll-skel{animation:ll-pulse 1.2s ease-in-out infinite;}
  @keyframes ll-pulse{50%{opacity:.55;}}
}
@media (forced-colors:active){
  .ll-clock,.ll-notice,.ll-badge,.ll-chip{border:1px solid CanvasText;}
}
`;
