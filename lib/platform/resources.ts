import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import type { ContainerResources } from '../config/config.js';

/** Parses `512Mi` / `1Gi` / `256M` into MiB; throws on anything else. */
export function quantityToMiB(quantity: string): number {
  const match = /^(\d+)(Mi|Gi|M|G)$/.exec(quantity);
  if (!match) {
    throw new Error(`Memory quantity "${quantity}" is not understood; write it like 512Mi or 1Gi.`);
  }
  const factor = { Mi: 1, Gi: 1024, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 }[match[2] as 'Mi' | 'Gi' | 'M' | 'G'];
  return Number(match[1]) * factor;
}

/** Parses `100m`, `1` or `0.5` CPU into millicores; throws on anything else. */
export function cpuToMillis(quantity: string): number {
  const millis = /^(\d+)m$/.exec(quantity);
  if (millis) return Number(millis[1]);
  if (/^\d+(\.\d+)?$/.test(quantity)) return Math.round(Number(quantity) * 1000);
  throw new Error(`CPU quantity "${quantity}" is not understood; write it like 250m or 1.`);
}

/** Checks that requests do not exceed limits, naming the container in the message. */
export function validateResources(container: string, r: ContainerResources): void {
  if (quantityToMiB(r.memoryRequest) > quantityToMiB(r.memoryLimit)) {
    throw new Error(`${container}: memory request ${r.memoryRequest} exceeds the limit ${r.memoryLimit}.`);
  }
  if (r.cpuLimit !== undefined && cpuToMillis(r.cpuRequest) > cpuToMillis(r.cpuLimit)) {
    throw new Error(`${container}: CPU request ${r.cpuRequest} exceeds the limit ${r.cpuLimit}.`);
  }
}

/** The resources in the shape cdk8s-plus containers take. */
export function plusResources(r: ContainerResources): kplus.ContainerResources {
  return {
    cpu: {
      request: kplus.Cpu.millis(cpuToMillis(r.cpuRequest)),
      limit: r.cpuLimit === undefined ? undefined : kplus.Cpu.millis(cpuToMillis(r.cpuLimit)),
    },
    memory: {
      request: Size.mebibytes(quantityToMiB(r.memoryRequest)),
      limit: Size.mebibytes(quantityToMiB(r.memoryLimit)),
    },
  };
}

/** The resources in the shape of the Kubernetes API (for `k8s` L1 objects). */
export function kubeResources(r: ContainerResources): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(r.cpuRequest), memory: k8s.Quantity.fromString(r.memoryRequest) },
    limits: {
      memory: k8s.Quantity.fromString(r.memoryLimit),
      ...(r.cpuLimit === undefined ? {} : { cpu: k8s.Quantity.fromString(r.cpuLimit) }),
    },
  };
}
