package fr.caducee.audit;

/** When the trail forces what it wrote to the disk, and so what a crash of the machine can take away. */
public enum FsyncPolicy {
    /**
     * Every record is written and forced (fdatasync) before {@link AuditTrail#append} returns; records appended
     * at the same time share one force (group commit). A crash, even of the machine, loses nothing acknowledged.
     */
    ALWAYS,
    /**
     * Records are written to the file before {@code append} returns and forced every interval. A crash of the
     * server process loses nothing (the operating system holds the written data); a crash of the machine or a power
     * cut loses the records of the last interval at most.
     */
    INTERVAL
}
