package io.runwarden.analyzer.stream;

import io.runwarden.analyzer.state.CheckpointRef;
import io.runwarden.analyzer.state.DoubleRing;
import io.runwarden.analyzer.state.RunPhase;
import io.runwarden.analyzer.state.RunState;
import io.runwarden.protocol.codec.ProtocolJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-run state in the state store and its changelog, in a compact binary form (version byte 1): it is read
 * and written for every message, and JSON cost about three times as much. Records written as JSON (first byte
 * '{') are still read.
 */
public final class RunStateSerde implements Serde<RunState> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<RunState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<RunState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(RunState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeString(out, s.runId);
            out.writeBoolean(s.announced);
            out.writeLong(s.totalSteps);
            writeString(out, s.policy == null || s.policy.isNull() ? null : s.policy.toString());
            writeString(out, s.sweepId);
            out.writeByte(s.phase.ordinal());
            out.writeBoolean(s.lost);
            out.writeLong(s.messages);
            out.writeLong(s.lastStep);
            out.writeLong(s.lastTrainStep);
            out.writeLong(s.lastEvalStep);
            out.writeLong(s.lastSeenWallMs);
            out.writeLong(s.endedWallMs);
            writeString(out, s.verdict);
            out.writeInt(s.reasons.size());
            for (String r : s.reasons) {
                writeString(out, r);
            }
            out.writeInt(s.rollbacksUsed);
            writeString(out, s.pendingRollbackId);
            out.writeInt(s.checkpoints.size());
            for (CheckpointRef c : s.checkpoints) {
                out.writeLong(c.step());
                writeString(out, c.checkpointId());
            }
            out.writeLong(s.trainSteps);
            writeRing(out, s.losses);
            writeRing(out, s.gradNorms);
            writeDouble(out, s.lastTrainLoss);
            out.writeLong(s.spikeStartStep);
            out.writeInt(s.spikeSteps);
            out.writeLong(s.gradSpikeStartStep);
            out.writeInt(s.gradSpikeSteps);
            writeDouble(out, s.ema);
            writeDouble(out, s.emaMin);
            writeDouble(out, s.emaStart);
            out.writeBoolean(s.divergenceAlerted);
            out.writeBoolean(s.noLearningAlerted);
            writeDouble(out, s.esBest);
            out.writeLong(s.esBestStep);
            out.writeInt(s.esWait);
            writeDouble(out, s.lastValLoss);
            out.writeInt(s.valRises);
            out.writeBoolean(s.memorizationAlerted);
        } catch (IOException e) {
            throw new SerializationException("cannot write the state of run " + s.runId, e);
        }
        return bytes.toByteArray();
    }

    static RunState read(byte[] bytes) {
        try {
            if (bytes.length > 0 && bytes[0] == '{') {
                return ProtocolJson.mapper().readValue(bytes, RunState.class);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown run state version " + version);
            }
            RunState s = new RunState();
            s.runId = readString(in);
            s.announced = in.readBoolean();
            s.totalSteps = in.readLong();
            String policy = readString(in);
            s.policy = policy == null ? null : ProtocolJson.mapper().readTree(policy);
            s.sweepId = readString(in);
            s.phase = RunPhase.values()[in.readByte()];
            s.lost = in.readBoolean();
            s.messages = in.readLong();
            s.lastStep = in.readLong();
            s.lastTrainStep = in.readLong();
            s.lastEvalStep = in.readLong();
            s.lastSeenWallMs = in.readLong();
            s.endedWallMs = in.readLong();
            s.verdict = readString(in);
            int reasons = in.readInt();
            List<String> r = new ArrayList<>(reasons);
            for (int i = 0; i < reasons; i++) {
                r.add(readString(in));
            }
            s.reasons = r;
            s.rollbacksUsed = in.readInt();
            s.pendingRollbackId = readString(in);
            int checkpoints = in.readInt();
            List<CheckpointRef> c = new ArrayList<>(checkpoints);
            for (int i = 0; i < checkpoints; i++) {
                c.add(new CheckpointRef(in.readLong(), readString(in)));
            }
            s.checkpoints = c;
            s.trainSteps = in.readLong();
            s.losses = readRing(in);
            s.gradNorms = readRing(in);
            s.lastTrainLoss = readDouble(in);
            s.spikeStartStep = in.readLong();
            s.spikeSteps = in.readInt();
            s.gradSpikeStartStep = in.readLong();
            s.gradSpikeSteps = in.readInt();
            s.ema = readDouble(in);
            s.emaMin = readDouble(in);
            s.emaStart = readDouble(in);
            s.divergenceAlerted = in.readBoolean();
            s.noLearningAlerted = in.readBoolean();
            s.esBest = readDouble(in);
            s.esBestStep = in.readLong();
            s.esWait = in.readInt();
            s.lastValLoss = readDouble(in);
            s.valRises = in.readInt();
            s.memorizationAlerted = in.readBoolean();
            return s;
        } catch (IOException e) {
            throw new SerializationException("cannot read a run state", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeDouble(DataOutputStream out, Double d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    private static Double readDouble(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    private static void writeRing(DataOutputStream out, DoubleRing ring) throws IOException {
        out.writeInt(ring.values.length);
        out.writeInt(ring.next);
        out.writeInt(ring.size);
        for (double v : ring.values) {
            out.writeDouble(v);
        }
    }

    private static DoubleRing readRing(DataInputStream in) throws IOException {
        DoubleRing ring = new DoubleRing(in.readInt());
        ring.next = in.readInt();
        ring.size = in.readInt();
        for (int i = 0; i < ring.values.length; i++) {
            ring.values[i] = in.readDouble();
        }
        return ring;
    }
}
