package dev.spawn.mirror;

class InMemoryHwmStoreTest extends HwmStoreContractTest {

  @Override
  protected HwmStore newStore() {
    return new InMemoryHwmStore();
  }
}
