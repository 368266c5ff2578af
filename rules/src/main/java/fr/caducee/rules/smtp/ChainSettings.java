package fr.caducee.rules.smtp;

/**
 * What the SMTP chains need from the main settings file ({@code caducee.properties}), read and checked there once at
 * start (the server names the file and the key of a wrong value); checked again here so that no hook runs with a
 * value that makes no sense.
 *
 * @param maxRecipients recipients per message, beyond which each RCPT gets {@code 452 4.5.3}
 * @param storageReserveMegabytes disk space kept free for the data folder, below which mail gets {@code 452 4.3.1}
 * @param mime the MIME structure beyond which a message gets {@code 554 5.6.0}
 * @param rulesOff for benchmarks only: the listeners run James's own chain, none of the trust space's rules
 * @param peerChecksOff for benchmarks only: the MX runs without its checks of the peer operator (certificate,
 *     whitelisted sender domain, operator DN)
 */
public record ChainSettings(int maxRecipients, long storageReserveMegabytes, MimeLimits mime, boolean rulesOff,
                            boolean peerChecksOff) {
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final long DEFAULT_STORAGE_RESERVE_MEGABYTES = 256;
    /** The largest reserve whose size in bytes a long still holds. */
    public static final long MAX_STORAGE_RESERVE_MEGABYTES = Long.MAX_VALUE / (1024 * 1024);
    public static final ChainSettings DEFAULTS =
        new ChainSettings(DEFAULT_MAX_RECIPIENTS, DEFAULT_STORAGE_RESERVE_MEGABYTES, MimeLimits.DEFAULTS, false, false);

    /**
     * @param maxDepth how deep parts may nest
     * @param maxParts parts in one message
     * @param maxHeaders header fields in one part
     * @param maxHeaderLength bytes of one header field, unfolded
     */
    public record MimeLimits(int maxDepth, int maxParts, int maxHeaders, int maxHeaderLength) {
        public static final MimeLimits DEFAULTS = new MimeLimits(32, 1_000, 1_000, 65_536);

        public MimeLimits {
            if (maxDepth < 1 || maxParts < 1 || maxHeaders < 1 || maxHeaderLength < 1) {
                throw new IllegalArgumentException("every MIME limit must be at least 1: " + maxDepth + ", " + maxParts
                    + ", " + maxHeaders + ", " + maxHeaderLength);
            }
        }
    }

    public ChainSettings {
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be at least 1, not " + maxRecipients);
        }
        if (storageReserveMegabytes < 0 || storageReserveMegabytes > MAX_STORAGE_RESERVE_MEGABYTES) {
            throw new IllegalArgumentException("the storage reserve (reserveMegabytes) must be from 0 to "
                + MAX_STORAGE_RESERVE_MEGABYTES + ", not " + storageReserveMegabytes);
        }
    }

    public ChainSettings withMaxRecipients(int max) {
        return new ChainSettings(max, storageReserveMegabytes, mime, rulesOff, peerChecksOff);
    }

    public ChainSettings withStorageReserveMegabytes(long megabytes) {
        return new ChainSettings(maxRecipients, megabytes, mime, rulesOff, peerChecksOff);
    }

    public ChainSettings withRulesOff(boolean off) {
        return new ChainSettings(maxRecipients, storageReserveMegabytes, mime, off, peerChecksOff);
    }

    public ChainSettings withPeerChecksOff(boolean off) {
        return new ChainSettings(maxRecipients, storageReserveMegabytes, mime, rulesOff, off);
    }
}
