package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import org.apache.james.mailbox.MessageUid;

import fr.caducee.server.storage.search.ThreadMessage;

/**
 * The threads of RFC 5256's THREAD command, written as its response does: {@code (1 2 (3)(4 5))}.
 *
 * <p>ORDEREDSUBJECT groups the messages by base subject: the first by sent date is the parent of the others. REFERENCES
 * links the messages by Message-ID, References and In-Reply-To (RFC 5256 3, after Jamie Zawinski's algorithm), then
 * gathers the threads whose roots have the same base subject. Siblings, and threads, go by sent date, then by
 * sequence number. What each message is threaded by was stored when it was indexed ({@link ThreadMessage}); each is
 * written with the number the client knows it by ({@code id}: its sequence number, or its UID for UID THREAD).
 */
final class Threads {
    private static final Comparator<ThreadMessage> SENT = Comparator.comparing(ThreadMessage::sent)
        .thenComparing(ThreadMessage::uid);

    /** A message, or a dummy standing for a message referred to but not in the set. */
    static final class Node {
        ThreadMessage message;
        Node parent;
        final List<Node> children = new ArrayList<>();

        Node(ThreadMessage message) {
            this.message = message;
        }

        boolean dummy() {
            return message == null;
        }

        /** The message a dummy's place in the order is taken from: its first child's, once sorted. */
        ThreadMessage first() {
            return dummy() ? children.get(0).first() : message;
        }

        void adopt(Node child) {
            if (child.parent != null) {
                child.parent.children.remove(child);
            }
            child.parent = this;
            children.add(child);
        }

        boolean descendsFrom(Node ancestor) {
            for (Node node = this; node != null; node = node.parent) {
                if (node == ancestor) {
                    return true;
                }
            }
            return false;
        }
    }

    private Threads() {
    }

    static String orderedSubject(List<ThreadMessage> messages, ToLongFunction<MessageUid> id) {
        Map<String, Node> bySubject = new LinkedHashMap<>();
        messages.stream().sorted(Comparator.comparing(ThreadMessage::baseSubject).thenComparing(SENT))
            .forEach(message -> {
                Node thread = bySubject.get(message.baseSubject());
                if (thread == null) {
                    bySubject.put(message.baseSubject(), new Node(message));
                } else {
                    thread.adopt(new Node(message));
                }
            });
        List<Node> roots = new ArrayList<>(bySubject.values());
        roots.sort(Comparator.comparing(Node::first, SENT));
        return write(roots, id);
    }

    static String references(List<ThreadMessage> messages, ToLongFunction<MessageUid> id) {
        Map<String, Node> byId = new HashMap<>();
        List<Node> all = new ArrayList<>();
        for (ThreadMessage message : messages.stream().sorted(Comparator.comparing(ThreadMessage::uid)).toList()) {
            // (1)(A) a message without a Message-ID, or with one already seen, is on its own
            Node node = message.messageId().isEmpty() ? null : byId.get(message.messageId());
            if (node == null || !node.dummy()) {
                node = new Node(message);
                all.add(node);
                if (!message.messageId().isEmpty() && !byId.containsKey(message.messageId())) {
                    byId.put(message.messageId(), node);
                }
            } else {
                node.message = message;
            }
            // (1)(B) each reference the parent of the next, unless linked already or a loop
            Node previous = null;
            for (String reference : message.references()) {
                Node referred = byId.computeIfAbsent(reference, missing -> {
                    Node dummy = new Node(null);
                    all.add(dummy);
                    return dummy;
                });
                if (previous != null && referred.parent == null && referred != previous
                        && !previous.descendsFrom(referred)) {
                    previous.adopt(referred);
                }
                previous = referred;
            }
            // (1)(C) the last reference is the message's parent: a link made from another message's References goes,
            // and none is made that would be a loop
            if (node.parent != null) {
                node.parent.children.remove(node);
                node.parent = null;
            }
            if (previous != null && previous != node && !previous.descendsFrom(node)) {
                previous.adopt(node);
            }
        }
        // (2) the root set; (4) empty dummies pruned
        List<Node> roots = all.stream().filter(node -> node.parent == null).toList();
        List<Node> threads = gatherBySubject(prune(roots, true));
        // (6) siblings and threads by sent date
        sort(threads);
        return write(threads, id);
    }

    private static List<Node> prune(List<Node> siblings, boolean root) {
        List<Node> kept = new ArrayList<>();
        for (Node node : siblings) {
            List<Node> children = prune(new ArrayList<>(node.children), false);
            node.children.clear();
            children.forEach(child -> child.parent = node);
            node.children.addAll(children);
            if (node.dummy() && node.children.isEmpty()) {
                continue;
            }
            if (node.dummy() && (!root || node.children.size() == 1)) {
                // A dummy's children take its place, except several at the root, which it keeps together.
                for (Node child : node.children) {
                    child.parent = root ? null : node.parent;
                    kept.add(child);
                }
                continue;
            }
            kept.add(node);
        }
        return kept;
    }

    private static List<Node> gatherBySubject(List<Node> roots) {
        Map<String, Node> bySubject = new HashMap<>();
        for (Node root : roots) {
            ThreadMessage first = root.first();
            if (first.baseSubject().isEmpty()) {
                continue;
            }
            Node known = bySubject.get(first.baseSubject());
            if (known == null || root.dummy() && !known.dummy()
                    || known.first().subjectReply() && !first.subjectReply() && !root.dummy()) {
                bySubject.put(first.baseSubject(), root);
            }
        }
        List<Node> gathered = new ArrayList<>();
        Map<Node, Node> replaced = new IdentityHashMap<>();
        for (Node root : roots) {
            String subject = root.first().baseSubject();
            Node known = subject.isEmpty() ? null : bySubject.get(subject);
            if (known == null || known == root) {
                gathered.add(root);
                continue;
            }
            Node target = replaced.getOrDefault(known, known);
            if (root.dummy() && target.dummy()) {
                new ArrayList<>(root.children).forEach(target::adopt);
            } else if (target.dummy()) {
                target.adopt(root);
            } else if (root.first().subjectReply() && !target.first().subjectReply()) {
                target.adopt(root);
            } else {
                Node dummy = new Node(null);
                int at = gathered.indexOf(target);
                dummy.adopt(target);
                dummy.adopt(root);
                replaced.put(known, dummy);
                if (at >= 0) {
                    gathered.set(at, dummy);
                } else {
                    gathered.add(dummy);
                }
            }
        }
        Set<Node> adopted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : gathered) {
            if (node.parent != null) {
                adopted.add(node);
            }
        }
        gathered.removeAll(adopted);
        return gathered;
    }

    private static void sort(List<Node> siblings) {
        for (Node node : siblings) {
            sort(node.children);
        }
        siblings.sort(Comparator.comparing(Node::first, SENT));
    }

    private static String write(List<Node> roots, ToLongFunction<MessageUid> id) {
        StringBuilder threads = new StringBuilder();
        for (Node root : roots) {
            threads.append('(');
            chain(root, id, threads);
            threads.append(')');
        }
        return threads.toString();
    }

    /** A message followed by its only child ({@code 1 2}), or its children each in parentheses ({@code 1 (2)(3)}). */
    private static void chain(Node node, ToLongFunction<MessageUid> id, StringBuilder out) {
        if (!node.dummy()) {
            out.append(id.applyAsLong(node.message.uid()));
        }
        if (node.children.isEmpty()) {
            return;
        }
        if (node.children.size() == 1 && !node.dummy()) {
            out.append(' ');
            chain(node.children.get(0), id, out);
            return;
        }
        if (!node.dummy()) {
            out.append(' ');
        }
        for (Node child : node.children) {
            out.append('(');
            chain(child, id, out);
            out.append(')');
        }
    }
}
