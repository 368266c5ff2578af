package fr.caducee.server.migration;

/**
 * What one mailbox holds, as the source and the target database each count it: the migration is verified by these
 * being equal for every mailbox. {@code bytes} are the stored header and body octets, {@code size} the size recorded
 * for the messages; the flag figures count the messages carrying each flag, {@code userFlags} the (message, keyword)
 * pairs.
 */
record MailboxFigures(long uidValidity, long lastUid, long highestModSeq, long messages, long bytes, long size,
                      long unseen, long answered, long flagged, long deleted, long draft, long recent, long userFlags) {

    String describe() {
        return String.format("%d message(s), %d bytes, %d unseen, %d flagged, %d answered, %d deleted, %d draft, "
                + "%d recent, %d keyword(s); UIDVALIDITY %d, last UID %d, highest modseq %d", messages, bytes, unseen,
            flagged, answered, deleted, draft, recent, userFlags, uidValidity, lastUid, highestModSeq);
    }
}
