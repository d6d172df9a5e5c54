/**
 * The mirror protocol: what a peer receives when an update is repeated on it, how it is signed, and
 * how the receiver decides to apply it once, in order.
 *
 * <p>Sending side: {@link dev.spawn.mirror.HeaderFilter} picks the headers worth forwarding, {@link
 * dev.spawn.mirror.MirrorRequest} is the journaled form of an update, {@link
 * dev.spawn.mirror.MirrorSigner} adds the {@code Spawn-*} headers and the signature, and {@link
 * dev.spawn.mirror.Outcome} says what a peer's answer means. Receiving side: {@link
 * dev.spawn.mirror.InboundMirror} parses those headers, the signer verifies them, and {@link
 * dev.spawn.mirror.ReceiverLedger} keeps the high-water mark per journal and applies the
 * duplicate/apply/gap rules. Header and attribute names live in {@link
 * dev.spawn.mirror.MirrorHeaders}.
 */
package dev.spawn.mirror;
