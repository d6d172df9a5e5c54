package dev.spawn.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeTest {

  @ParameterizedTest(name = "{0} (Spawn-Expected {1}) -> {2}, final {3}")
  @CsvSource({
    "200, false, ACKNOWLEDGED, true",
    "201, false, ACKNOWLEDGED, true",
    "204, false, ACKNOWLEDGED, true",
    "299, false, ACKNOWLEDGED, true",
    "303, false, ACKNOWLEDGED, true",
    "301, false, REJECTED, true",
    "302, false, REJECTED, true",
    "304, false, REJECTED, true",
    "307, false, REJECTED, true",
    "400, false, REJECTED, true",
    "401, false, REJECTED, true",
    "403, false, REJECTED, true",
    "404, false, REJECTED, true",
    "409, false, REJECTED, true",
    "409, true, GAP, true",
    "400, true, REJECTED, true",
    "413, false, REJECTED, true",
    "422, false, REJECTED, true",
    "408, false, RETRY, false",
    "425, false, RETRY, false",
    "429, false, RETRY, false",
    "500, false, RETRY, false",
    "502, false, RETRY, false",
    "503, true, RETRY, false",
    "599, false, RETRY, false",
    "100, false, RETRY, false",
    "600, false, RETRY, false",
    "0, false, RETRY, false"
  })
  void classifies(int status, boolean expectedHeader, Outcome outcome, boolean isFinal) {
    assertThat(Outcome.classify(status, expectedHeader)).isEqualTo(outcome);
    assertThat(Outcome.isFinal(status)).isEqualTo(isFinal);
    assertThat(ReceiverLedger.advancesHighWaterMark(status)).isEqualTo(isFinal);
  }

  @ParameterizedTest
  @CsvSource({"ACKNOWLEDGED, true", "REJECTED, true", "GAP, false", "RETRY, false"})
  void cursorMovesOnlyPastHandledUpdates(Outcome outcome, boolean advances) {
    assertThat(outcome.advancesCursor()).isEqualTo(advances);
  }
}
