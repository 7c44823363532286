export { DEFAULT_RISK_WEIGHTS, drawSample, randomUnit, RISK_FACTORS, type DrawExplanation, type RiskFactors, type RiskWeights, riskWeight, sampleSize } from './surveillance-rules';
