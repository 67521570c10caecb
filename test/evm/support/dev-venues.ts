// A laundering path through real venue contracts on the geth dev node (GETH_RPC_URL): the contracts of
// test/fixtures/evm/conversions.sol compiled with the solc npm package (a USDT-like token, WETH9, a
// Uniswap-V2-style factory, CREATE2 pair and router), a pool with liquidity, two victims paying a
// scammer who also holds clean tokens, a swap of tokens for WETH through the router, an unwrap, and the
// whole ETH balance paid to an exchange. One transaction a block; accounts derived from a label.

import { fileURLToPath } from 'node:url';
import { type Contract, ContractFactory, id, type JsonRpcProvider, keccak256, parseEther, type TransactionReceipt, Wallet } from 'ethers';
import { type Compiled, compileSolidityFile, devSigner } from './dev-chain.js';

const SOURCE = fileURLToPath(new URL('../../fixtures/evm/conversions.sol', import.meta.url));

/** Compiles conversions.sol once per process. */
export function compileVenues(): Record<string, Compiled> {
  return compileSolidityFile(SOURCE);
}

/** Token amounts of the scenario (6 decimals). */
export const USD = 1_000_000n;
export const AMOUNTS = {
  poolUsd: 200_000n * USD,
  poolEth: parseEther('100'),
  scammerGas: parseEther('1'),
  clean: 1_000n * USD,
  victim1: 3_000n * USD,
  victim2: 1_000n * USD,
  swapIn: 4_000n * USD,
} as const;

export interface VenueScenario {
  firstBlock: number;
  lastBlock: number;
  token: string;
  weth: string;
  factory: string;
  router: string;
  pair: string;
  /** keccak256 of DevPair's creation code (the CREATE2 init code hash), from the compiler's output. */
  pairInitCodeHash: string;
  /** The same hash as the factory computes it on chain (`pairCodeHash()`). */
  pairCodeHashOnChain: string;
  victim1: string;
  victim2: string;
  scammer: string;
  exchange: string;
  /** WETH the swap paid out. */
  wethOut: bigint;
  /** ETH paid to the exchange (the scammer's whole balance less the fee). */
  paid: bigint;
  receipts: Record<string, TransactionReceipt>;
}

async function mined(p: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const r = await (await p).wait();
  if (r?.status !== 1) throw new Error('transaction failed');
  return r;
}

async function deploy(name: string, signer: Awaited<ReturnType<typeof devSigner>>, args: unknown[], receipts: Record<string, TransactionReceipt>): Promise<Contract> {
  const c = compileVenues()[name];
  const contract = (await new ContractFactory(c.abi, c.bytecode, signer).deploy(...args)) as Contract;
  receipts[`deploy${name}`] = (await contract.deploymentTransaction()!.wait())!;
  return contract;
}

/**
 * Runs the laundering path with fresh accounts (keys keccak256(label:name)):
 * venues deployed and the pool filled (100 WETH, 200,000 dUSDT); the scammer gets 1 ETH for gas and
 * 1,000 dUSDT of clean money, then victim 1 pays 3,000 and victim 2 1,000 dUSDT; the scammer swaps
 * 4,000 dUSDT for WETH through the router, unwraps all of it, and pays its whole ETH balance to the
 * exchange (a legacy transaction of 21,000 gas, so the fee is known in advance and nothing is left).
 */
export async function runVenueScenario(provider: JsonRpcProvider, label: string): Promise<VenueScenario> {
  const dev = await devSigner(provider);
  const c = compileVenues();
  const receipts: Record<string, TransactionReceipt> = {};
  const wallet = (name: string) => new Wallet(id(`${label}:${name}`), provider);
  const v1 = wallet('victim1');
  const v2 = wallet('victim2');
  const scammer = wallet('scammer');
  const exchange = wallet('exchange').address;

  receipts.fundVictim1 = await mined(dev.sendTransaction({ to: v1.address, value: parseEther('1') }));
  receipts.fundVictim2 = await mined(dev.sendTransaction({ to: v2.address, value: parseEther('1') }));
  receipts.fundScammer = await mined(dev.sendTransaction({ to: scammer.address, value: AMOUNTS.scammerGas }));

  const token = await deploy('DevUSD', dev, [1_000_000n * USD], receipts);
  const weth = await deploy('WETH9', dev, [], receipts);
  const factory = await deploy('DevFactory', dev, [], receipts);
  const tokenAddress = await token.getAddress();
  const wethAddress = await weth.getAddress();
  const factoryAddress = await factory.getAddress();
  const router = await deploy('DevRouter', dev, [factoryAddress], receipts);
  const routerAddress = await router.getAddress();

  receipts.createPair = await mined(factory.createPair(tokenAddress, wethAddress));
  const pairAddress = (await factory.getPair(tokenAddress, wethAddress)) as string;
  const pair = new ContractFactory(c.DevPair.abi, c.DevPair.bytecode, dev).attach(pairAddress) as Contract;
  receipts.wrapPool = await mined(weth.deposit({ value: AMOUNTS.poolEth }));
  receipts.poolWeth = await mined(weth.transfer(pairAddress, AMOUNTS.poolEth));
  receipts.poolUsd = await mined(token.transfer(pairAddress, AMOUNTS.poolUsd));
  receipts.sync = await mined(pair.sync());

  receipts.clean = await mined(token.transfer(scammer.address, AMOUNTS.clean));
  receipts.fundTokens1 = await mined(token.transfer(v1.address, AMOUNTS.victim1));
  receipts.fundTokens2 = await mined(token.transfer(v2.address, AMOUNTS.victim2));
  receipts.victim1 = await mined((token.connect(v1) as Contract).transfer(scammer.address, AMOUNTS.victim1));
  receipts.victim2 = await mined((token.connect(v2) as Contract).transfer(scammer.address, AMOUNTS.victim2));

  receipts.approve = await mined((token.connect(scammer) as Contract).approve(routerAddress, AMOUNTS.swapIn));
  const before = (await weth.balanceOf(scammer.address)) as bigint;
  receipts.swap = await mined((router.connect(scammer) as Contract).swapExactTokensForTokens(AMOUNTS.swapIn, 1n, tokenAddress, wethAddress, scammer.address));
  const wethOut = ((await weth.balanceOf(scammer.address)) as bigint) - before;
  receipts.unwrap = await mined((weth.connect(scammer) as Contract).withdraw(wethOut));

  const gasPrice = ((await provider.getFeeData()).gasPrice ?? 1_000_000_000n) * 2n;
  const balance = await provider.getBalance(scammer.address);
  const paid = balance - 21_000n * gasPrice;
  receipts.payExchange = await mined(scammer.sendTransaction({ to: exchange, value: paid, type: 0, gasPrice, gasLimit: 21_000n }));
  if ((await provider.getBalance(scammer.address)) !== 0n) throw new Error('the scammer should have nothing left');

  const blocks = Object.values(receipts).map((r) => r.blockNumber);
  return {
    firstBlock: Math.min(...blocks),
    lastBlock: Math.max(...blocks),
    token: tokenAddress,
    weth: wethAddress,
    factory: factoryAddress,
    router: routerAddress,
    pair: pairAddress,
    pairInitCodeHash: keccak256(c.DevPair.bytecode),
    pairCodeHashOnChain: (await factory.pairCodeHash()) as string,
    victim1: v1.address,
    victim2: v2.address,
    scammer: scammer.address,
    exchange,
    wethOut,
    paid,
    receipts,
  };
}
