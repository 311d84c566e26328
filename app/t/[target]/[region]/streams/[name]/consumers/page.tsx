import { ConsumersTab } from "@/components/consumers/consumers-tab";

export default async function ConsumersPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return <ConsumersTab name={name} />;
}
