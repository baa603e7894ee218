/**
 * A data table's head row: one `<th scope="col">` per label, in order. Tables list their columns as text
 * here instead of repeating the header cell markup.
 */
export function ColumnHeads({ labels }: { labels: readonly string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <th key={label} scope="col">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
