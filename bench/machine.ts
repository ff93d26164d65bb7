import os from 'node:os';

/** What a benchmark ran on, for the report: numbers mean little without it. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memory_gb: number;
  os: string;
  node: string;
  /** One-minute load average when the run started: other processes skew timings. */
  load_average: number;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    load_average: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

export const machineLine = (m: MachineInfo) =>
  `${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}, Node ${m.node}, load average ${m.load_average} at start`;
