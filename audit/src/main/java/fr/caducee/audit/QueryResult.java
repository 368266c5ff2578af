package fr.caducee.audit;

import java.util.List;

/**
 * @param records the matching records, the latest {@code limit} of them, in the order they were written
 * @param matched how many records matched in all
 */
public record QueryResult(List<AuditRecord> records, long matched) {
    public QueryResult {
        records = List.copyOf(records);
    }

    public boolean truncated() {
        return matched > records.size();
    }
}
