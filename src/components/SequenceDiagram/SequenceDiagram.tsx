import { useId } from 'react';
import { describe, layout, narrowGeometry, wideGeometry, type Geometry, type Step, type Tone } from './layout';
import styles from './SequenceDiagram.module.css';

export interface SequenceDiagramProps {
  readonly title: string;
  readonly lanes: readonly [string, string];
  readonly steps: readonly Step[];
}

const tones: readonly Tone[] = ['data', 'control', 'rst'];

/** Estimated width of one character of an act's text (13 px sans-serif), and of a state's (12 px italic). */
const ACT_CHAR_PX = 7.2;
const STATE_CHAR_PX = 7;

/**
 * A sequence diagram drawn as SVG in the page's HTML, themed by the site's colours. It is drawn
 * twice, for a wide column and for a phone (CSS shows one), so that its text is never scaled
 * down to an unreadable size.
 */
export default function SequenceDiagram({ title, lanes, steps }: SequenceDiagramProps) {
  const id = useId().replace(/:/g, '');
  return (
    <figure className={styles.figure}>
      <Drawing id={`${id}-wide`} className={styles.wide} geometry={wideGeometry} {...{ title, lanes, steps }} />
      <Drawing id={`${id}-narrow`} className={styles.narrow} geometry={narrowGeometry} {...{ title, lanes, steps }} />
      <figcaption className={styles.caption}>{title}</figcaption>
    </figure>
  );
}

interface DrawingProps extends SequenceDiagramProps {
  readonly id: string;
  readonly className: string | undefined;
  readonly geometry: Geometry;
}

function Drawing({ id, className, geometry: g, title, lanes, steps }: DrawingProps) {
  const { placed, height } = layout(steps, g);
  const [left, right] = g.laneX;
  const midX = (left + right) / 2;
  const marker = (tone: Tone) => `${id}-arrow-${tone}`;

  return (
    <svg
      className={`${styles.diagram} ${className ?? ''}`}
      viewBox={`0 0 ${g.width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{describe(lanes, steps)}</desc>
      <defs>
        {tones.map((tone) => (
          <marker
            key={tone}
            id={marker(tone)}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" className={styles[`head-${tone}`]} />
          </marker>
        ))}
      </defs>

      {g.laneX.map((x, lane) => (
        <g key={lane}>
          <rect x={x - 70} y={6} width={140} height={g.headerHeight} rx={6} className={styles.header} />
          <text x={x} y={6 + g.headerHeight / 2} className={styles.headerText}>
            {lanes[lane]}
          </text>
          <line x1={x} y1={6 + g.headerHeight} x2={x} y2={height - 6} className={styles.lifeline} />
        </g>
      ))}

      {placed.map(({ step, y, lines, labelLines }, i) => {
        if ('send' in step) {
          const tone = step.tone ?? 'data';
          const [x1, x2] = step.from === 0 ? [left, right] : [right, left];
          const arrowY = y + 10 + (g.narrow ? (lines.length - 1) * g.line : 0);
          return (
            <g key={i}>
              <line
                x1={x1}
                y1={arrowY}
                x2={x2}
                y2={arrowY + g.slant}
                className={styles[`segment-${tone}`]}
                markerEnd={`url(#${marker(tone)})`}
              />
              {g.narrow ? (
                lines.map((line, k) => (
                  <text
                    key={k}
                    x={midX}
                    y={y + 6 + k * g.line}
                    className={k < labelLines ? styles[`label-${tone}`] : styles.noteLine}
                  >
                    {line}
                  </text>
                ))
              ) : (
                <text x={midX} y={y + 6} className={styles[`label-${tone}`]}>
                  {step.send}
                  {step.note ? <tspan className={styles.segmentNote}>{`  ${step.note}`}</tspan> : null}
                </text>
              )}
            </g>
          );
        }
        if ('act' in step) {
          const x = g.laneX[step.lane];
          const longest = Math.max(...lines.map((line) => line.length));
          const width = Math.min(g.width - 8, 20 + longest * ACT_CHAR_PX);
          const boxHeight = g.act - 10 + (lines.length - 1) * g.line;
          const boxX = step.lane === 0 ? Math.max(4, x - width / 2) : Math.min(g.width - width - 4, x - width / 2);
          const firstY = y + 4 + boxHeight / 2 - ((lines.length - 1) * g.line) / 2;
          return (
            <g key={i}>
              <rect
                x={boxX}
                y={y + 4}
                width={width}
                height={boxHeight}
                rx={4}
                className={step.error ? styles.actError : styles.act}
              />
              {lines.map((line, k) => (
                <text key={k} x={boxX + width / 2} y={firstY + k * g.line} className={styles.actText}>
                  {line}
                </text>
              ))}
            </g>
          );
        }
        if ('states' in step) {
          const stacked = lines.length > 0;
          return (
            <g key={i}>
              {step.states.map((state, lane) => {
                if (!state) return null;
                const rowY = y + g.states / 2 + (stacked && lane === 1 ? g.line : 0);
                // Beside its lifeline when it fits there; else at the diagram's edge, over the
                // lifeline (with a halo): always on a phone, where the lanes are close to the edges.
                const fits =
                  !g.narrow &&
                  (lane === 0
                    ? left - 10 - state.length * STATE_CHAR_PX >= 4
                    : right + 10 + state.length * STATE_CHAR_PX <= g.width - 4);
                if (fits) {
                  return (
                    <text
                      key={lane}
                      x={lane === 0 ? left - 10 : right + 10}
                      y={rowY}
                      className={lane === 0 ? styles.stateLeft : styles.stateRight}
                    >
                      {state}
                    </text>
                  );
                }
                return (
                  <text
                    key={lane}
                    x={lane === 0 ? 4 : g.width - 4}
                    y={rowY}
                    className={`${lane === 0 ? styles.stateLeftEdge : styles.stateRightEdge} ${styles.halo}`}
                  >
                    {state}
                  </text>
                );
              })}
            </g>
          );
        }
        const firstY = y + g.pause / 2 - 4 - ((lines.length - 1) * g.line) / 2;
        return (
          <g key={i}>
            {lines.map((line, k) => (
              <text key={k} x={midX} y={firstY + k * g.line} className={styles.pause}>
                {line}
              </text>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
