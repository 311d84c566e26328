// The message under a field that explains what is wrong with it.
import type { ReactNode } from "react";

export function FieldError({ testId, block, children }: { testId: string; block?: boolean; children: ReactNode }) {
  const Tag = block ? "p" : "span";
  return (
    <Tag className="field-error" data-testid={testId}>
      {children}
    </Tag>
  );
}
