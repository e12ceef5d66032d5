import { Code } from "@mantine/core";
import { Fragment } from "react";

/** A backend message as people read it: its `quoted` parts as code, not as raw backticks. */
export function Prose({ text }: { text: string }) {
  const parts = text.split("`");
  // An odd count of backticks: not quoting, show as is.
  if (parts.length % 2 === 0) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) => (i % 2 === 1 ? <Code key={i}>{p}</Code> : <Fragment key={i}>{p}</Fragment>))}
    </>
  );
}
