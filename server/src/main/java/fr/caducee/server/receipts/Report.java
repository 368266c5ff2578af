package fr.caducee.server.receipts;

import java.util.Optional;

/** A receipt arriving in a box: a delivery status notification (DSN) or a disposition notification (MDN). */
public sealed interface Report permits DeliveryReport, DispositionReport {

    /** The Message-ID of the message the receipt is about, when the receipt gives it. */
    Optional<String> originalMessageId();
}
