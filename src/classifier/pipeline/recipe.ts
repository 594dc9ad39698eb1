/**
 * The shipped head's recipe, in one place: the frozen ImageNet backbone and its input size, the
 * head's L2 penalty, and whether the head sees a photo's mirror image (as augmentation when it
 * trains, averaged in when it predicts). Chosen by cross-validation on the training split only
 * (`npm run choose:recipe`; the table is in models/README.md). `npm run train` trains the shipped
 * head with it, and `/model train` trains a class's own head with it.
 */
export interface HeadRecipe {
  backbone: string;
  /** L2 penalty on the head's kernel. */
  l2: number;
  /** Embed each photo's mirror image too: augmentation in training, averaged in at prediction. */
  mirror: boolean;
}

/**
 * EfficientNet-B0 fed 320×320 photos, a Dense head with a light L2 (0.003), no mirror images:
 * 89.8% out of fold, against 84.1% for MobileNet's recipe; mirror images moved it by 0.3 points
 * at most, for twice the backbone's time on every photo.
 */
export const SHIPPED_RECIPE: HeadRecipe = { backbone: 'efficientnet_b0@320', l2: 0.003, mirror: false };

/**
 * Any other backbone (CLASSIFIER_BACKBONE): the recipe chosen for MobileNet's head, whose features
 * gained 1.5 points from mirror images and wanted a stronger L2.
 */
const OTHER_BACKBONES: Omit<HeadRecipe, 'backbone'> = { l2: 0.03, mirror: true };

export function recipeFor(backbone: string): HeadRecipe {
  return backbone === SHIPPED_RECIPE.backbone ? SHIPPED_RECIPE : { backbone, ...OTHER_BACKBONES };
}
