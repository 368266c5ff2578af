package fr.caducee.server.records;

import java.util.List;
import java.util.UUID;

import fr.caducee.records.DepositRefusal;
import fr.caducee.records.DocumentDeposit;

/** What the record did with one message to its box, as its receipt, its notices and the audit trail tell it. */
public sealed interface Handling {
    /**
     * Integrated: each document stored, or found already there.
     *
     * @param documents in the deposit's order
     */
    record Integrated(List<Document> documents) implements Handling {
        public Integrated {
            documents = List.copyOf(documents);
        }

        /** True when every document was already in the record: the same deposit came a second time. */
        public boolean duplicate() {
            return documents.stream().allMatch(Document::alreadyThere);
        }

        public List<UUID> ids() {
            return documents.stream().map(Document::id).toList();
        }
    }

    /**
     * One document of an integrated deposit.
     *
     * @param id the row it is (a new version), or the row it acted on (a deletion), or the row already there
     * @param deposit what was deposited
     * @param alreadyThere true when the record held it already (nothing written)
     */
    record Document(UUID id, DocumentDeposit deposit, boolean alreadyThere) {
    }

    /** Not integrated: nothing stored. */
    record Refused(DepositRefusal refusal) implements Handling {
    }

    /** The same message was handled before (the spool gave it again after a crash): nothing more is done. */
    record AlreadyHandled() implements Handling {
    }
}
