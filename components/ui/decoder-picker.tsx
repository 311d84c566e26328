// Which decoder turns a record's bytes into something readable; "auto" guesses per record.
import { DECODER_NAMES, type DecoderName } from "@/lib/records/types";
import { SelectField } from "./select-field";

export function DecoderPicker({
  value,
  onChange,
  optionLabel,
}: {
  value: DecoderName;
  onChange: (d: DecoderName) => void;
  optionLabel?: (d: DecoderName) => string;
}) {
  return <SelectField label="Decoder" ariaLabel="Decoder" value={value} options={DECODER_NAMES} optionLabel={optionLabel} onChange={onChange} />;
}
