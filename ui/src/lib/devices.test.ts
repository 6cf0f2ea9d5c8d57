import { deviceName, lastSignedIn } from "./devices";
import type { DeviceSummary } from "../bindings";

const device = (extra: Partial<DeviceSummary> = {}): DeviceSummary => ({
  key: "us-east-1_1",
  name: "Laptop",
  lastSignedInAt: "2026-11-26T09:30:00Z",
  remembered: true,
  current: false,
  ...extra,
});

describe("lastSignedIn", () => {
  it("formats in the given locale and time zone", () => {
    const format = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
    expect(lastSignedIn(device(), format)).toBe("26 Nov 2026, 09:30");
    const german = new Intl.DateTimeFormat("de-DE", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" });
    expect(lastSignedIn(device(), german)).toBe("26.11.2026, 10:30");
  });

  it("is null when the pool did not say, or the date is not one", () => {
    expect(lastSignedIn(device({ lastSignedInAt: null }))).toBeNull();
    expect(lastSignedIn(device({ lastSignedInAt: "yesterday" }))).toBeNull();
  });
});

describe("deviceName", () => {
  it("is the name, else a stand-in", () => {
    expect(deviceName(device())).toBe("Laptop");
    expect(deviceName(device({ name: null }))).toBe("Unnamed device");
    expect(deviceName(device({ name: "  " }))).toBe("Unnamed device");
  });
});
