package fr.caducee.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;

/**
 * The space the shared record takes in a running server's database, per document, against the documents' own size:
 * every byte of {@code record_document} (rows, the TOAST table holding the contents, indexes) and of
 * {@code record_deposit}, divided by the number of documents, over the mean size of the documents themselves. The
 * database's whole size is printed too, for the growth of one run against another (a plain delivery of the same
 * messages). Every document counts, seeded ones too ({@code deposited} tells how many came by mail): measure on a
 * server whose record was filled by deposits alone. {@code --vacuum yes} first runs VACUUM ANALYZE.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*:server/target/lib/*" fr.caducee.bench.RecordSpace --data DATA
 * </pre>
 */
public final class RecordSpace {
    static final String USAGE = "usage: RecordSpace --data DIR [--vacuum yes]";

    private RecordSpace() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"data", "vacuum"}, "data");
        try (Connection db = ServerDatabase.connect(line.path("data"))) {
            if (line.text("vacuum", "no").equals("yes")) {
                // Dead tuples of the spool and of updated rows would otherwise count as the record's.
                try (var vacuum = db.createStatement()) {
                    vacuum.execute("VACUUM ANALYZE");
                }
            }
            try (PreparedStatement query = db.prepareStatement("SELECT"
                    + " (SELECT count(*) FROM record_document),"
                    + " (SELECT count(*) FROM record_document WHERE deposited_by <> ?),"
                    + " (SELECT coalesce(sum(size), 0) FROM record_document),"
                    + " (SELECT coalesce(sum(pg_column_size(content)), 0) FROM record_document),"
                    + " pg_total_relation_size('record_document'),"
                    + " pg_total_relation_size('record_deposit'),"
                    + " (SELECT count(*) FROM record_deposit),"
                    + " pg_database_size(current_database())")) {
                query.setString(1, RecordSeed.SEEDER);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    long documents = row.getLong(1);
                    long deposited = row.getLong(2);
                    long contentBytes = row.getLong(3);
                    long contentStored = row.getLong(4);
                    long documentTable = row.getLong(5);
                    long depositTable = row.getLong(6);
                    long deposits = row.getLong(7);
                    long database = row.getLong(8);
                    double perDocument = documents == 0 ? 0 : (double) (documentTable + depositTable) / documents;
                    double meanSize = documents == 0 ? 0 : (double) contentBytes / documents;
                    System.out.printf(Locale.ROOT, "documents=%d deposited=%d deposits=%d mean_document_bytes=%.0f"
                            + " content_stored_bytes=%d record_document_bytes=%d record_deposit_bytes=%d"
                            + " stored_per_document=%.0f stored_over_document=%.3f content_compression=%.3f"
                            + " database_bytes=%d%n",
                        documents, deposited, deposits, meanSize, contentStored, documentTable, depositTable,
                        perDocument, meanSize == 0 ? 0 : perDocument / meanSize,
                        contentBytes == 0 ? 0 : (double) contentStored / contentBytes, database);
                }
            }
        }
    }
}
