import Link from '@docusaurus/Link';
import Layout from '@theme/Layout';
import styles from './index.module.css';

export default function Home() {
  return (
    <Layout
      title="Closing TCP connections"
      description="An interactive course on close(), shutdown(), RST and SIGPIPE."
    >
      <main className={styles.main}>
        <h1>Graceful or abrupt? Closing a TCP connection</h1>
        <p className={styles.lead}>
          Why did the server's reply never arrive? Why did the server die on its second write? This course answers those
          questions on real sockets: you read a short lesson, edit a real echo client and server in the page, run them,
          and watch both sides.
        </p>
        <h2>What you will be able to do</h2>
        <ul>
          <li>
            Tell what <code>close()</code> and <code>shutdown()</code> send, and what the peer sees.
          </li>
          <li>
            Explain an RST, an <code>EPIPE</code> and a SIGPIPE from the state the connection was in.
          </li>
          <li>Keep a server alive when a client goes away early, in C and in Node.</li>
          <li>
            Use Node's <code>end()</code>, <code>destroy()</code> and <code>allowHalfOpen</code> on purpose.
          </li>
        </ul>
        <p>
          Every behaviour in the lessons was checked on Linux. Where the usual textbook account differs from what the
          kernel does, the lesson says so.
        </p>
        <Link className="button button--primary button--lg" to="/lessons/how-this-course-works">
          Start the course
        </Link>
      </main>
    </Layout>
  );
}
