import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCourseMap, parseMdx, type LessonSource } from '../../plugins/course-map/course-map';
import { kernelLabsBeside } from '../../src/components/CourseMap/kernel-labs-beside';
import { nextLesson } from '../../src/components/CourseMap/next-lesson';
import type { CourseMapLesson } from '../../src/course-progress/course-map-types';

describe('the course map', () => {
  const lesson = async (label: string, source: string): Promise<LessonSource> => ({
    permalink: `/lessons/${label}`,
    title: label,
    label,
    description: 'd',
    tree: await parseMdx(source),
  });
  const labs = [
    { id: 'n', title: 'Node lab', runtime: 'node' as const },
    { id: 'c', title: 'C lab', runtime: 'linux' as const },
  ];

  it("finds each question's id, past attribute values that hold '>' and expressions, over several lines", async () => {
    const source = [
      '<ThinkQuestion id="a" question="is 2 > 1?" />',
      '<ThinkQuestion question="x -> y" id="b" />',
      '<Prediction',
      '  question={`a > b`}',
      '  options={[{ id: "not-this" }]}',
      '  id="c"',
      '/>',
      '<ThinkQuestionnaire id="not-a-question" />',
      '',
      '<Lab id="n" /> text <Lab id="n" />',
    ].join('\n');
    const [map] = buildCourseMap([await lesson('1. x', source)], labs).lessons;
    assert.deepEqual(map!.questions, ['a', 'b', 'c']);
    assert.deepEqual(
      map!.labs.map((lab) => lab.id),
      ['n'],
    );
  });

  it('maps lessons in order with their number, labs (once each) and questions, and names a lab that is not there', async () => {
    const map = buildCourseMap(
      [
        await lesson('4a. Inside', '<Lab id="c" /><Lab id="n" /><Lab id="c" /><ChoiceQuestion id="q1" />'),
        await lesson('Appendix', ''),
      ],
      labs,
    );
    assert.deepEqual(
      map.lessons.map((l) => [l.number, l.labs.map((lab) => `${lab.id}:${lab.runtime}`), l.questions]),
      [
        ['4a', ['c:linux', 'n:node'], ['q1']],
        [null, [], []],
      ],
    );
    const gone = await lesson('1. x', '<Lab id="gone" />');
    assert.throws(() => buildCourseMap([gone], labs), /<Lab id="gone"> names no lab/);
    const computed = await lesson('1. x', '<ThinkQuestion id={name} />');
    assert.throws(() => buildCourseMap([computed], labs), /<ThinkQuestion> needs a literal id/);
  });

  describe('where a learner goes on', () => {
    const lessons: CourseMapLesson[] = ['a', 'b', 'c', 'd'].map((name) => ({
      permalink: `/${name}`,
      number: null,
      title: name,
      description: '',
      labs: [],
      questions: [`${name}-q`],
    }));
    const at = (visited: string[], answered: string[] = []) => {
      const next = nextLesson(lessons, new Set(visited), new Set(answered));
      return next && { lesson: next.lesson.permalink, why: next.why };
    };

    it('nowhere special before any lesson was opened (the course starts at the beginning)', () => {
      assert.equal(at([]), null);
    });
    it('the next lesson not opened after the furthest one opened', () => {
      assert.deepEqual(at(['/b']), { lesson: '/c', why: 'continue' });
      assert.deepEqual(at(['/a', '/c']), { lesson: '/d', why: 'continue' });
    });
    it('back to the first lesson not opened when the last one was', () => {
      assert.deepEqual(at(['/b', '/d']), { lesson: '/a', why: 'continue' });
    });
    it('with every lesson opened, the first with a question unanswered; then nothing', () => {
      assert.deepEqual(at(['/a', '/b', '/c', '/d'], ['a-q', 'b-q']), { lesson: '/c', why: 'review' });
      assert.equal(at(['/a', '/b', '/c', '/d'], ['a-q', 'b-q', 'c-q', 'd-q']), null);
    });
  });
});

describe("a Node lab's C lab beside it", () => {
  const lesson = (labs: CourseMapLesson['labs']): CourseMapLesson => ({
    permalink: '/l',
    number: null,
    title: 'l',
    description: '',
    labs,
    questions: [],
  });
  const node = { id: 'n', title: 'Node', runtime: 'node' as const };
  const c = { id: 'c', title: 'C', runtime: 'linux' as const };
  it("is the C lab of the Node lab's own lesson, none when that lesson has none", () => {
    const lessons = [lesson([node]), lesson([{ ...node, id: 'n2' }, c])];
    assert.deepEqual(kernelLabsBeside(lessons, 'n2'), [c]);
    assert.deepEqual(kernelLabsBeside(lessons, 'n'), []);
    assert.deepEqual(kernelLabsBeside(lessons, 'unknown'), []);
  });
});
