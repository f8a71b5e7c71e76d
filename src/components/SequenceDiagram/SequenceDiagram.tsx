import { useId } from 'react';
import { describe, geometry as g, layout, type Step, type Tone } from './layout';
import styles from './SequenceDiagram.module.css';

export interface SequenceDiagramProps {
  readonly title: string;
  readonly lanes: readonly [string, string];
  readonly steps: readonly Step[];
}

const tones: readonly Tone[] = ['data', 'control', 'rst'];

/** A sequence diagram drawn as SVG in the page's HTML, themed by the site's colours. */
export default function SequenceDiagram({ title, lanes, steps }: SequenceDiagramProps) {
  const id = useId().replace(/:/g, '');
  const { placed, height } = layout(steps);
  const [left, right] = g.laneX;
  const marker = (tone: Tone) => `${id}-arrow-${tone}`;

  return (
    <figure className={styles.figure}>
      <svg
        className={styles.diagram}
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

        {placed.map(({ step, y }, i) => {
          if ('send' in step) {
            const tone = step.tone ?? 'data';
            const [x1, x2] = step.from === 0 ? [left, right] : [right, left];
            const midX = (left + right) / 2;
            return (
              <g key={i}>
                <line
                  x1={x1}
                  y1={y + 10}
                  x2={x2}
                  y2={y + 10 + g.slant}
                  className={styles[`segment-${tone}`]}
                  markerEnd={`url(#${marker(tone)})`}
                />
                <text x={midX} y={y + 6} className={styles[`label-${tone}`]}>
                  {step.send}
                  {step.note ? <tspan className={styles.segmentNote}>{`  ${step.note}`}</tspan> : null}
                </text>
              </g>
            );
          }
          if ('act' in step) {
            const x = g.laneX[step.lane];
            const width = Math.min(300, 20 + step.act.length * 7.2);
            const boxX = step.lane === 0 ? Math.max(4, x - width / 2) : Math.min(g.width - width - 4, x - width / 2);
            return (
              <g key={i}>
                <rect
                  x={boxX}
                  y={y + 4}
                  width={width}
                  height={g.act - 10}
                  rx={4}
                  className={step.error ? styles.actError : styles.act}
                />
                <text x={boxX + width / 2} y={y + 4 + (g.act - 10) / 2} className={styles.actText}>
                  {step.act}
                </text>
              </g>
            );
          }
          if ('states' in step) {
            return (
              <g key={i}>
                {step.states.map((state, lane) =>
                  state ? (
                    <text
                      key={lane}
                      x={lane === 0 ? left - 10 : right + 10}
                      y={y + g.states / 2}
                      className={lane === 0 ? styles.stateLeft : styles.stateRight}
                    >
                      {state}
                    </text>
                  ) : null,
                )}
              </g>
            );
          }
          return (
            <text key={i} x={(left + right) / 2} y={y + g.pause / 2 - 4} className={styles.pause}>
              {step.pause}
            </text>
          );
        })}
      </svg>
      <figcaption className={styles.caption}>{title}</figcaption>
    </figure>
  );
}
