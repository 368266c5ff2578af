package fr.caducee.server.imap;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A SORT criterion (RFC 5256 3, and DISPLAYFROM and DISPLAYTO of RFC 5957): a key, maybe reversed. Ties go by
 * sequence number (UID order), never reversed.
 */
record SortCriterion(Key key, boolean reverse) {
    enum Key {
        ARRIVAL(Comparator.comparing(SortedMessage::arrival)),
        CC(Comparator.comparing(SortedMessage::cc)),
        DATE(Comparator.comparing(SortedMessage::sent)),
        DISPLAYFROM(Comparator.comparing(SortedMessage::displayFrom)),
        DISPLAYTO(Comparator.comparing(SortedMessage::displayTo)),
        FROM(Comparator.comparing(SortedMessage::from)),
        SIZE(Comparator.comparingLong(SortedMessage::size)),
        SUBJECT(Comparator.comparing(message -> message.subject().text())),
        TO(Comparator.comparing(SortedMessage::to));

        private final Comparator<SortedMessage> order;

        Key(Comparator<SortedMessage> order) {
            this.order = order;
        }

        static Optional<Key> named(String name) {
            try {
                return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    Comparator<SortedMessage> order() {
        return reverse ? key.order.reversed() : key.order;
    }

    /** The messages' order by these criteria, then by UID. */
    static Comparator<SortedMessage> order(List<SortCriterion> criteria) {
        Comparator<SortedMessage> order = (a, b) -> 0;
        for (SortCriterion criterion : criteria) {
            order = order.thenComparing(criterion.order());
        }
        return order.thenComparingLong(SortedMessage::uid);
    }
}
