import type { ConsumerHealth } from "@/lib/consumers/types";

const CLASS: Record<ConsumerHealth, string> = { ok: "badge ok", warning: "badge warn", critical: "badge bad", unknown: "badge" };

/** A consumer's health in a word, coloured; the reasons are said beside it, never only by colour. */
export function HealthBadge({ health }: { health: ConsumerHealth }) {
  return (
    <span className={CLASS[health]} data-testid="consumer-health" data-health={health}>
      {health}
    </span>
  );
}
