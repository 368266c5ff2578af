package fr.caducee.server.storage.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;

/**
 * The two threading algorithms of RFC 5256: ORDEREDSUBJECT (section 3) and REFERENCES (section 4, after Jamie
 * Zawinski's). A thread is a tree of {@link Node}s; a node without a message stands for one that is referenced but
 * not in the mailbox (or not among the messages searched).
 */
public final class Threads {
    /** A message (or a missing one, when {@link #message} is empty) and its replies, in sent order. */
    public record Node(Optional<MessageUid> message, List<Node> children) {
    }

    private static final Comparator<ThreadMessage> SENT_ORDER = Comparator.comparing(ThreadMessage::sent)
        .thenComparing(ThreadMessage::uid);

    private Threads() {
    }

    /** Messages grouped by base subject, each group a flat thread under its first message, groups by that date. */
    public static List<Node> orderedSubject(List<ThreadMessage> messages) {
        Map<String, List<ThreadMessage>> bySubject = new LinkedHashMap<>();
        messages.stream().sorted(Comparator.comparing(ThreadMessage::baseSubject).thenComparing(SENT_ORDER))
            .forEach(message -> bySubject.computeIfAbsent(message.baseSubject(), ignored -> new ArrayList<>())
                .add(message));
        List<List<ThreadMessage>> groups = new ArrayList<>(bySubject.values());
        groups.sort(Comparator.comparing(group -> group.get(0), SENT_ORDER));
        List<Node> threads = new ArrayList<>();
        for (List<ThreadMessage> group : groups) {
            List<Node> children = new ArrayList<>();
            for (ThreadMessage reply : group.subList(1, group.size())) {
                children.add(new Node(Optional.of(reply.uid()), List.of()));
            }
            threads.add(new Node(Optional.of(group.get(0).uid()), children));
        }
        return threads;
    }

    /** Threads by Message-ID / References (In-Reply-To), then roots of the same base subject gathered. */
    public static List<Node> references(List<ThreadMessage> messages) {
        Map<String, Container> byId = new HashMap<>();
        List<Container> all = new ArrayList<>();
        int unique = 0;
        for (ThreadMessage message : messages.stream().sorted(SENT_ORDER).toList()) {
            String id = message.messageId();
            Container own = id.isEmpty() ? null : byId.get(id);
            if (own == null || own.message != null) {
                // No id, or the same id twice: the message gets an id of its own (RFC 5256 4, step 1.A).
                id = id.isEmpty() || own != null ? "\u0000" + unique++ : id;
                own = byId.computeIfAbsent(id, ignored -> new Container());
            }
            own.message = message;
            all.add(own);
            Container previous = null;
            for (String reference : message.references()) {
                Container container = byId.computeIfAbsent(reference, ignored -> new Container());
                if (previous != null && container.parent == null && !previous.isDescendantOf(container)
                        && container != previous) {
                    previous.adopt(container);
                }
                previous = container;
            }
            if (own.parent != null) {
                own.parent.children.remove(own);
                own.parent = null;
            }
            if (previous != null && previous != own && !previous.isDescendantOf(own)) {
                previous.adopt(own);
            }
        }
        List<Container> roots = new ArrayList<>();
        for (Container container : byId.values()) {
            if (container.parent == null) {
                roots.add(container);
            }
        }
        roots = prune(roots, true);
        roots.forEach(Container::sortChildren);
        roots.sort(Comparator.comparing(Container::sortKey, SENT_ORDER));
        List<Container> gathered = gatherBySubject(roots);
        gathered.forEach(Container::sortChildren);
        gathered.sort(Comparator.comparing(Container::sortKey, SENT_ORDER));
        return gathered.stream().map(Container::node).toList();
    }

    /** Missing messages without replies go; those with replies give them to their own parent (RFC 5256 4, step 3). */
    private static List<Container> prune(List<Container> level, boolean atRoot) {
        List<Container> kept = new ArrayList<>();
        for (Container container : level) {
            container.children = prune(container.children, false);
            container.children.forEach(child -> child.parent = container);
            if (container.message == null) {
                if (container.children.isEmpty()) {
                    continue;
                }
                if (!atRoot || container.children.size() == 1) {
                    for (Container child : container.children) {
                        child.parent = atRoot ? null : container.parent;
                        kept.add(child);
                    }
                    continue;
                }
            }
            kept.add(container);
        }
        return kept;
    }

    /** Roots of the same base subject become one thread (RFC 5256 4, step 5). */
    private static List<Container> gatherBySubject(List<Container> roots) {
        Map<String, Container> bySubject = new LinkedHashMap<>();
        List<Container> result = new ArrayList<>();
        for (Container root : roots) {
            String subject = root.subject();
            if (subject.isEmpty()) {
                result.add(root);
                continue;
            }
            Container first = bySubject.get(subject);
            if (first == null) {
                bySubject.put(subject, root);
                result.add(root);
                continue;
            }
            if (first.message == null && root.message == null) {
                new ArrayList<>(root.children).forEach(first::adopt);
            } else if (first.message == null) {
                first.adopt(root);
            } else if (root.message == null) {
                root.adopt(first);
                result.set(result.indexOf(first), root);
                bySubject.put(subject, root);
            } else if (root.message.subjectReply() && !first.message.subjectReply()) {
                first.adopt(root);
            } else if (first.message.subjectReply() && !root.message.subjectReply()) {
                root.adopt(first);
                result.set(result.indexOf(first), root);
                bySubject.put(subject, root);
            } else {
                Container missing = new Container();
                missing.adopt(first);
                missing.adopt(root);
                result.set(result.indexOf(first), missing);
                bySubject.put(subject, missing);
            }
        }
        return result;
    }

    private static final class Container {
        private ThreadMessage message;
        private Container parent;
        private List<Container> children = new ArrayList<>();

        void adopt(Container child) {
            if (child.parent != null) {
                child.parent.children.remove(child);
            }
            child.parent = this;
            children.add(child);
        }

        boolean isDescendantOf(Container ancestor) {
            for (Container up = parent; up != null; up = up.parent) {
                if (up == ancestor) {
                    return true;
                }
            }
            return false;
        }

        void sortChildren() {
            children.forEach(Container::sortChildren);
            children.sort(Comparator.comparing(Container::sortKey, SENT_ORDER));
        }

        /** A message's own date; a missing one's is that of its first reply (children sorted first). */
        ThreadMessage sortKey() {
            return message != null ? message : children.get(0).sortKey();
        }

        String subject() {
            return message != null ? message.baseSubject() : children.get(0).subject();
        }

        Node node() {
            return new Node(Optional.ofNullable(message).map(ThreadMessage::uid),
                children.stream().map(Container::node).toList());
        }
    }
}
