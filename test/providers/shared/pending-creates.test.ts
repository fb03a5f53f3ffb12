import { expect } from "chai";
import { ADOPT_PENDING, adoptsPendingCreate } from "../../../providers/shared/pending-creates";

const type = "pulumi-nodejs:dynamic/routeros:Bridge";
const env = {
  [ADOPT_PENDING]: [
    `urn:pulumi:lab::budgetcloud::budgetcloud:cloud:Cloud$budgetcloud:network:Router$${type}::lab-MTK-1-lo`,
    `urn:pulumi:lab::budgetcloud::${type}::top-level`,
  ].join("\n"),
};

describe("the resources a recovery's up takes over", () => {
  it("are the ones the variable names, by type and name, under a parent or not", () => {
    expect(adoptsPendingCreate(type, "lab-MTK-1-lo", env)).to.equal(true);
    expect(adoptsPendingCreate(type, "top-level", env)).to.equal(true);
  });

  it("are no others: another name ending alike, another type, an empty variable", () => {
    expect(adoptsPendingCreate(type, "MTK-1-lo", env)).to.equal(false);
    expect(adoptsPendingCreate("pulumi-nodejs:dynamic/routeros:Vxlan", "lab-MTK-1-lo", env)).to.equal(false);
    expect(adoptsPendingCreate(type, "lab-MTK-1-lo", {})).to.equal(false);
  });
});
