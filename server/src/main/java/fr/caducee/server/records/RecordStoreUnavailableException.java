package fr.caducee.server.records;

/** The record's tables cannot be read or written right now: the message waits in the spool and is tried again. */
public class RecordStoreUnavailableException extends RuntimeException {
    public RecordStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
